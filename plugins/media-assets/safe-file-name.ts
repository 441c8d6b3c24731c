/**
 * The name to record for an uploaded file: the client's base name without any path or
 * control characters, at most 255 characters; `upload.<ext>` when nothing usable is left.
 */
export function safeFileName(originalName: string | undefined, ext: string): string {
  const base = (originalName ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (!cleaned || cleaned === '.' || cleaned === '..') return `upload.${ext}`;
  return [...cleaned].slice(0, 255).join('');
}
