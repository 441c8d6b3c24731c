/**
 * Multipart parsers read a raw UTF-8 `filename="..."` (what browsers and Python requests send)
 * as Latin-1 unless told otherwise. Such a name re-decodes cleanly as UTF-8; a genuine
 * Latin-1 name does not (its high bytes are not valid UTF-8), so it is left alone.
 */
function repairUtf8ReadAsLatin1(name: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[\u0080-\u00ff]/.test(name) || /[^\u0000-\u00ff]/.test(name)) return name;
  const decoded = Buffer.from(name, 'latin1').toString('utf8');
  return decoded.includes('\ufffd') ? name : decoded;
}

/**
 * The name to record for an uploaded file: the client's base name without any path or
 * control characters, at most 255 characters; `upload.<ext>` when nothing usable is left.
 */
export function safeFileName(originalName: string | undefined, ext: string): string {
  const base = repairUtf8ReadAsLatin1(originalName ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (!cleaned || cleaned === '.' || cleaned === '..') return `upload.${ext}`;
  return [...cleaned].slice(0, 255).join('');
}
