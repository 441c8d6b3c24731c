/** An AdminJS resource: a model (or adapter resource) and its AdminJS options. */
export interface AdminResourceEntry {
  /** The plugin that contributed it. */
  pluginId: string;
  resource: unknown;
  options?: Record<string, unknown>;
  /** Extra AdminJS features (e.g. upload) the resource uses. */
  features?: unknown[];
}

export interface AdminPageEntry {
  pluginId: string;
  name: string;
  component?: string;
  handler?: (...args: unknown[]) => Promise<unknown>;
}

/** What one plugin may add to the dashboard. */
export interface PluginAdmin {
  addResource(entry: Omit<AdminResourceEntry, 'pluginId'>): void;
  addPage(entry: Omit<AdminPageEntry, 'pluginId'>): void;
}

/** Collects what plugins add to the dashboard; the admin plugin mounts AdminJS from it. */
export class AdminResourceRegistry {
  readonly resources: AdminResourceEntry[] = [];
  readonly pages: AdminPageEntry[] = [];

  scoped(pluginId: string): PluginAdmin {
    return {
      addResource: (entry) => this.resources.push({ ...entry, pluginId }),
      addPage: (entry) => this.pages.push({ ...entry, pluginId }),
    };
  }
}
