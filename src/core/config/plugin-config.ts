import fs from 'node:fs';
import type { AnyPlugin } from '../define-plugin.ts';
import { ConfigError } from './env.ts';

/** Reads config/plugins.json (or PLUGIN_CONFIG): `{ "<plugin id>": { ...options } }`. */
export function readPluginConfigFile(file: string): Record<string, unknown> {
  if (!fs.existsSync(file)) return {};
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('the top level must be an object keyed by plugin id');
    return parsed as Record<string, unknown>;
  } catch (err) {
    throw new ConfigError([`${file}: ${(err as Error).message}`]);
  }
}

/** Validates each plugin's configuration against its schema, defaults first. All problems are reported at once. */
export function resolvePluginConfigs(plugins: AnyPlugin[], supplied: Record<string, unknown>): Map<string, unknown> {
  const problems: string[] = [];
  const resolved = new Map<string, unknown>();
  for (const plugin of plugins) {
    const given = supplied[plugin.id];
    if (given !== undefined && (typeof given !== 'object' || given === null || Array.isArray(given))) {
      problems.push(`plugin "${plugin.id}": its configuration must be an object`);
      continue;
    }
    if (!plugin.config) {
      resolved.set(plugin.id, given ?? {});
      continue;
    }
    const result = plugin.config.schema.safeParse({ ...(plugin.config.defaults ?? {}), ...((given as object) ?? {}) });
    if (result.success) {
      resolved.set(plugin.id, result.data);
    } else {
      for (const issue of result.error.issues) {
        problems.push(`plugin "${plugin.id}": ${issue.path.join('.') || '(root)'}: ${issue.message}`);
      }
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return resolved;
}
