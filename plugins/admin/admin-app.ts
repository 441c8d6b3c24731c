import type { AdminJS as AdminJSType } from 'adminjs';
import type { AdminResourceEntry } from '../../src/index.ts';
import { builtInActions, customAction, decorateAfter, stripHiddenAfter } from './admin-actions.ts';
import { componentPaths, overridePaths } from './admin-components.ts';
import { filteredResourceClass } from './filtered-resource.ts';

export const ADMIN_ROOT = '/admin';

let adapterRegistered = false;

/** Labels of the computed fields plugins fill in with `decorate`. */
const COMPUTED_PROPERTY_LABELS = {
  thumbnailUrl: 'Thumbnail',
  imageUrlSigned: 'Image',
  tagList: 'Tags',
  metadataJson: 'Metadata (JSON)',
  generationsJson: 'Generations',
  preview: 'Preview',
};

/** Builds the AdminJS instance from what plugins registered. adminjs is imported here only, when the dashboard is on. */
export interface AdminJsPages {
  dashboard: () => Promise<unknown>;
  maintenance: (request: { method: string; payload?: Record<string, unknown> }) => Promise<unknown>;
}

export async function createAdminJs(entries: AdminResourceEntry[], pages: AdminJsPages): Promise<AdminJSType> {
  const { default: AdminJS, ComponentLoader, flat } = await import('adminjs');
  if (!adapterRegistered) {
    const { Database, Resource } = await import('@adminjs/sequelize');
    AdminJS.registerAdapter({ Database, Resource });
    adapterRegistered = true;
  }
  const componentLoader = new ComponentLoader();
  for (const [name, file] of componentPaths()) componentLoader.add(name, file);
  for (const [name, file] of overridePaths()) componentLoader.override(name, file);

  const kit = { flat };
  const FilteredResource = await filteredResourceClass();
  // AdminJS's breadcrumbs look action labels up without the resource, so they are global too (first label of a name wins).
  const breadcrumbLabels: Record<string, string> = {};
  const resources = entries.map((entry) => {
    const options = { ...(entry.options ?? {}) } as Record<string, unknown>;
    const given = (options.actions ?? {}) as Record<string, Record<string, unknown>>;
    const actions: Record<string, object> = {};
    for (const [name, builtIn] of Object.entries(builtInActions(kit, entry))) actions[name] = { ...builtIn, ...stripHandler(given[name]) };
    for (const name of ['list', 'show']) actions[name] = { ...stripHandler(given[name]) };
    for (const action of entry.actions ?? []) {
      actions[action.name] = customAction(kit, action);
      if (action.label) breadcrumbLabels[action.name] ??= action.label;
    }
    options.translations = withActionLabels(options.translations, entry);
    const properties = (options.properties ?? {}) as Record<string, { isVisible?: unknown }>;
    const strip = stripHiddenAfter(Object.keys(properties).filter((key) => properties[key].isVisible === false));
    for (const name of Object.keys(actions).concat('search')) {
      const decorate = ['list', 'show', 'edit'].includes(name) ? [decorateAfter(entry)] : [];
      actions[name] = { ...(actions[name] as object), after: [...decorate, strip] };
    }
    const resource = entry.filters ? new FilteredResource(entry.resource as never, entry.filters) : entry.resource;
    return { resource, options: { ...options, actions }, features: entry.features ?? [] };
  });

  return new AdminJS({
    rootPath: ADMIN_ROOT,
    loginPath: `${ADMIN_ROOT}/login`,
    logoutPath: `${ADMIN_ROOT}/logout`,
    resources,
    componentLoader,
    dashboard: { component: 'Dashboard', handler: async () => pages.dashboard() },
    pages: {
      maintenance: { component: 'MaintenancePage', icon: 'Tool', handler: async (request: { method: string; payload?: Record<string, unknown> }) => pages.maintenance(request) },
    },
    branding: { companyName: 'asset-forge', withMadeWithLove: false, logo: false },
    locale: {
      language: 'en',
      availableLanguages: ['en'],
      localeDetection: false,
      translations: { en: { actions: breadcrumbLabels, properties: COMPUTED_PROPERTY_LABELS } },
    },
  } as ConstructorParameters<typeof AdminJS>[0]);
}

/** A plugin may tune built-in actions, but not replace the service-backed handlers. */
function stripHandler(options: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!options) return {};
  const { handler: _handler, ...rest } = options;
  return rest;
}

type Translations = Record<string, Record<string, Record<string, string> | undefined> | undefined>;

/**
 * Custom actions' labels as the resource's own action translations, which AdminJS's page header
 * and buttons use; per resource, so two plugins may give one action name different
 * labels. Translations the plugin gives itself win.
 */
function withActionLabels(given: unknown, entry: AdminResourceEntry): Translations {
  const translations = { ...((given ?? {}) as Translations) };
  const labels = Object.fromEntries((entry.actions ?? []).filter((a) => a.label).map((a) => [a.name, a.label!]));
  const en = translations.en ?? {};
  translations.en = { ...en, actions: { ...labels, ...(en.actions ?? {}) } };
  return translations;
}
