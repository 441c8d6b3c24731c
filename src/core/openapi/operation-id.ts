const pascal = (word: string) => word.replace(/(^|[_-])([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());

/**
 * A stable operationId from the method and path, unique because they are: GET
 * /api/v1/assets/:asset_id -> getV1AssetsByAssetId. Client generators name methods after it.
 */
export function operationIdFor(method: string, path: string): string {
  const parts = path
    .split('/')
    .filter((segment) => segment && segment !== 'api')
    .map((segment) => (segment.startsWith(':') ? `By${pascal(segment.slice(1))}` : pascal(segment)));
  return `${method}${parts.join('')}`;
}
