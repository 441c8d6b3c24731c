/** What the media library accepts, by the type sniffed from the bytes. */
export const MEDIA_ALLOWED_EXTS = ['jpg', 'png', 'gif', 'webp', 'pdf', 'doc', 'docx', 'xlsx', 'csv', 'svg'];

export const MEDIA_MAX_BYTES = 100 * 1024 * 1024;

/** `.JPG`, `jpeg` and `jpg` all name one type, spelled `jpg`. */
export function normaliseFileType(value: string): string {
  const type = value.trim().toLowerCase().replace(/^\.+/, '');
  return type === 'jpeg' ? 'jpg' : type;
}
