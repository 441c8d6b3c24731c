import type { AnyPlugin } from './define-plugin.ts';

export class PluginGraphError extends Error {
  override name = 'PluginGraphError';
}

/**
 * Orders plugins so that each comes after everything it depends on. Ties keep
 * alphabetical order, so boots are repeatable. Refuses duplicates, missing
 * dependencies and cycles with a message that names the plugins involved.
 */
export function orderPlugins(plugins: AnyPlugin[]): AnyPlugin[] {
  const byId = new Map<string, AnyPlugin>();
  for (const plugin of plugins) {
    if (byId.has(plugin.id)) throw new PluginGraphError(`Two plugins have the id "${plugin.id}".`);
    byId.set(plugin.id, plugin);
  }
  for (const plugin of plugins) {
    for (const dep of plugin.dependsOn ?? []) {
      if (!byId.has(dep)) throw new PluginGraphError(`Plugin "${plugin.id}" depends on "${dep}", which is not loaded.`);
    }
  }

  const ordered: AnyPlugin[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (plugin: AnyPlugin, trail: string[]) => {
    const mark = state.get(plugin.id);
    if (mark === 'done') return;
    if (mark === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(plugin.id)), plugin.id];
      throw new PluginGraphError(`Plugin dependency cycle: ${cycle.join(' -> ')}.`);
    }
    state.set(plugin.id, 'visiting');
    for (const dep of [...(plugin.dependsOn ?? [])].sort()) visit(byId.get(dep) as AnyPlugin, [...trail, plugin.id]);
    state.set(plugin.id, 'done');
    ordered.push(plugin);
  };
  for (const plugin of [...plugins].sort((a, b) => a.id.localeCompare(b.id))) visit(plugin, []);
  return ordered;
}

/** The named plugins plus everything they depend on, transitively. */
export function withDependencies(all: AnyPlugin[], ids: string[]): AnyPlugin[] {
  const byId = new Map(all.map((p) => [p.id, p]));
  const chosen = new Map<string, AnyPlugin>();
  const add = (id: string) => {
    if (chosen.has(id)) return;
    const plugin = byId.get(id);
    if (!plugin) throw new PluginGraphError(`No built-in plugin has the id "${id}".`);
    chosen.set(id, plugin);
    for (const dep of plugin.dependsOn ?? []) if (byId.has(dep)) add(dep);
  };
  ids.forEach(add);
  return [...chosen.values()];
}
