import { definePlugin, type AnyPlugin } from '../../src/index.ts';

/** A plugin that only records when its hooks run, for kernel ordering tests. */
export function recordingPlugin(id: string, dependsOn: string[], log: string[]): AnyPlugin {
  return definePlugin({
    id,
    dependsOn,
    init: () => void log.push(`init:${id}`),
    start: () => void log.push(`start:${id}`),
    stop: () => void log.push(`stop:${id}`),
  });
}

export async function helloPlugin(): Promise<AnyPlugin> {
  return (await import('../../examples/hello-plugin/index.ts')).default as AnyPlugin;
}
