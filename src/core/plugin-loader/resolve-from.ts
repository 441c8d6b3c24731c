/**
 * A specifier our resolve hook reads as "resolve `specifier` as if imported from `parentURL`":
 * import() alone always resolves from the importing file, and PLUGINS package names must
 * resolve from the working directory.
 */
const PREFIX = 'asset-forge-resolve-from:';

export function resolveFromSpecifier(specifier: string, parentURL: string): string {
  return PREFIX + new URLSearchParams({ specifier, parentURL }).toString();
}

export function parseResolveFrom(specifier: string): { specifier: string; parentURL: string } | undefined {
  if (!specifier.startsWith(PREFIX)) return undefined;
  const query = new URLSearchParams(specifier.slice(PREFIX.length));
  return { specifier: query.get('specifier') ?? '', parentURL: query.get('parentURL') ?? '' };
}
