import fileURLPath from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = fileURLPath.join(fileURLPath.dirname(fileURLToPath(import.meta.url)), 'components');

/**
 * The dashboard's React components, by the name resource options use. They live in one folder
 * so the bundle's cache key (and `npm run build:admin`) needs nothing but this folder.
 */
export const ADMIN_COMPONENTS = {
  Dashboard: 'dashboard.jsx',
  ThumbnailCell: 'thumbnail-cell.jsx',
  ColorSwatch: 'color-swatch.jsx',
  MediaPreview: 'media-preview.jsx',
  ActionRunner: 'action-runner.jsx',
  GenerationGallery: 'generation-gallery.jsx',
  MaintenancePage: 'maintenance-page.jsx',
  JsonBlock: 'json-block.jsx',
  TextPreview: 'text-preview.jsx',
} as const;

/** AdminJS's own components replaced by ours (ComponentLoader.override), by AdminJS's name. */
export const ADMIN_OVERRIDES = {
  SidebarFooter: 'sidebar-footer.jsx',
} as const;

export type AdminComponentName = keyof typeof ADMIN_COMPONENTS;

export const COMPONENTS_DIR = DIR;

export function componentPaths(): Array<[AdminComponentName, string]> {
  return (Object.entries(ADMIN_COMPONENTS) as Array<[AdminComponentName, string]>).map(([name, file]) => [name, fileURLPath.join(DIR, file)]);
}

export function overridePaths(): Array<[keyof typeof ADMIN_OVERRIDES, string]> {
  return (Object.entries(ADMIN_OVERRIDES) as Array<[keyof typeof ADMIN_OVERRIDES, string]>).map(([name, file]) => [name, fileURLPath.join(DIR, file)]);
}
