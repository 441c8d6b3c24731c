/**
 * An SVG's size from its root element's attributes, read from the first bytes: parsing the whole
 * document with librsvg costs seconds for a large file and tells us no more.
 */
export function svgDimensions(head: string): { width: number | null; height: number | null } {
  const root = /<svg\b([^>]*)>/i.exec(head)?.[1];
  if (root === undefined) return { width: null, height: null };
  const attribute = (name: string) => new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'i').exec(root)?.slice(1).find((v) => v !== undefined);
  const length = (value: string | undefined) => {
    const match = value === undefined ? null : /^\s*(\d+(?:\.\d+)?)\s*(px)?\s*$/i.exec(value);
    return match ? Math.round(Number(match[1])) || null : null;
  };
  let width = length(attribute('width'));
  let height = length(attribute('height'));
  const viewBox = attribute('viewBox')?.trim().split(/[\s,]+/).map(Number);
  if (viewBox && viewBox.length === 4 && viewBox.every(Number.isFinite) && viewBox[2]! > 0 && viewBox[3]! > 0) {
    const [, , w, h] = viewBox as [number, number, number, number];
    if (width === null && height === null) [width, height] = [Math.round(w), Math.round(h)];
    else if (width === null && height !== null) width = Math.round((height * w) / h);
    else if (height === null && width !== null) height = Math.round((width * h) / w);
  }
  return { width, height };
}
