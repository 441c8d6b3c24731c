/** A record's fields as the dashboard sends them (already un-flattened: `metadata.a` becomes `{ metadata: { a } }`). */
export type AdminParams = Record<string, unknown>;

/**
 * How the dashboard writes a resource: through the owning plugin's services, never by raw
 * model writes. A built-in action (new, edit, delete, bulkDelete) whose write is missing here
 * is switched off. Throw the core's typed errors; an InputError's field errors show next to
 * the fields.
 */
export interface AdminWrites {
  create?(params: AdminParams): Promise<{ id: string; notice?: string }>;
  update?(id: string, params: AdminParams): Promise<void>;
  remove?(id: string, params: AdminParams): Promise<void>;
}

/** A file posted to a dashboard action (a `file` field): a temporary file, removed after the action runs. */
export interface AdminUploadedFile {
  path: string;
  name: string;
  type: string;
  size: number;
}

/** A record's bytes served to a signed-in admin at /admin/downloads/<resource>/<id>[?inline=1]. */
export interface AdminDownload {
  stream: NodeJS.ReadableStream;
  contentType: string;
  fileName: string;
  size: number;
}

/**
 * An input on a custom action's page. A checkbox posts true or false; a reference is a searchable
 * picker of another resource's records (by their title) and posts the chosen record's id.
 */
export type AdminActionField =
  | { name: string; label: string; type?: 'text' | 'email' | 'password' | 'url' | 'file' }
  | {
      name: string;
      label: string;
      type: 'checkbox';
      checked?: boolean;
      /** Checked while this other field is empty, until the checkbox itself is clicked. */
      checkedWhenEmpty?: string;
    }
  | {
      name: string;
      label: string;
      type: 'reference';
      /** The AdminJS id (table name) of the resource whose records are offered. */
      resource: string;
      /** Leave the record the action runs on out of the choices (e.g. merging a tag into itself). */
      excludeRecord?: boolean;
    };

/** A button in the dashboard that runs plugin code. */
export interface AdminCustomAction {
  name: string;
  /** `record`: one record's page; `resource`: the list page; `bulk`: selected records. */
  actionType: 'record' | 'resource' | 'bulk';
  /** What the page header, breadcrumbs and buttons call it (the resource's action translation); else the name in words. */
  label?: string;
  icon?: string;
  /** Confirmation asked before running. */
  guard?: string;
  /** For record actions: shown only for records this answers true for. */
  isVisible?(record: AdminParams): boolean;
  /** Buttons, each posting its own params (e.g. cleanup: a dry run, then the deletion); default one "Run". */
  steps?: Array<{ key: string; label: string; params?: AdminParams }>;
  /** Inputs sent with the params. */
  fields?: AdminActionField[];
  run(input: { recordId?: string; recordIds?: string[]; params: AdminParams; files: Record<string, AdminUploadedFile> }): Promise<{ message: string; data?: unknown }>;
}

/** An AdminJS resource: a model (or adapter resource) and its AdminJS options. */
export interface AdminResourceEntry {
  /** The plugin that contributed it. */
  pluginId: string;
  resource: unknown;
  options?: Record<string, unknown>;
  /** Extra AdminJS features (e.g. upload) the resource uses. */
  features?: unknown[];
  writes?: AdminWrites;
  actions?: AdminCustomAction[];
  /**
   * Filters on computed fields (e.g. tags kept in a join table): the property name and the ids of
   * the records matching a value. The dashboard intersects them with its ordinary filters.
   */
  filters?: Record<string, (value: string) => Promise<string[]>>;
  /** The record's file, for download links and previews; null when it has none. */
  download?(id: string): Promise<AdminDownload | null>;
  /** Fills computed fields (e.g. tags, a signed thumbnail URL) into records before they are shown. */
  decorate?(records: AdminParams[]): Promise<void>;
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

/** Who the dashboard's service calls act as: a signed-in admin sees and may change every project. */
export const DASHBOARD_PRINCIPAL = {
  kind: 'admin' as const,
  id: 'dashboard',
  name: 'dashboard',
  projectIds: null,
  canWrite: true,
  mediaLibrary: true,
  isAdmin: true,
};
