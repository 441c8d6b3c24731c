import { randomUUID } from 'node:crypto';
import { CORE, inject, injectable, type Logger } from 'asset-forge';
import { Greeting } from './greeting.model.ts';

@injectable()
export class HelloService {
  private heartbeats = 0;

  constructor(@inject(CORE.logger) private readonly logger: Logger) {}

  model(): typeof Greeting {
    return Greeting;
  }

  async greet(name: string): Promise<{ id: string; name: string; created_at: string }> {
    const row = await Greeting.create({ id: randomUUID(), name });
    return { id: row.id, name: row.name, created_at: row.createdAt.toISOString() };
  }

  async count(): Promise<number> {
    return Greeting.count();
  }

  async beat(): Promise<void> {
    this.heartbeats += 1;
    this.logger.debug({ heartbeats: this.heartbeats }, 'hello heartbeat');
  }

  heartbeatCount(): number {
    return this.heartbeats;
  }
}
