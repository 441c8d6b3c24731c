import type { Metadata } from 'sharp';
import { parseAutomatic1111 } from './automatic1111.ts';
import { parseComfyUi } from './comfyui.ts';
import type { EmbeddedParameters } from './embedded-parameters.ts';
import { exifUserComment } from './exif-user-comment.ts';
import { parseDream, parseInvokeAiMetadata, parseLegacySdMetadata } from './invokeai.ts';

/**
 * Finds the generation parameters a tool embedded in an image (from sharp's metadata: PNG text
 * chunks arrive as `comments`, EXIF as a buffer). ComfyUI's graph is preferred, then InvokeAI's
 * metadata, then Automatic1111's text. Anything unreadable is ignored: the answer is then null.
 */
export function readEmbeddedParameters(metadata: Pick<Metadata, 'comments' | 'exif'>): EmbeddedParameters | null {
  const chunks = new Map<string, string>();
  for (const { keyword, text } of metadata.comments ?? []) if (!chunks.has(keyword)) chunks.set(keyword, text);
  const attempts: Array<() => EmbeddedParameters | null> = [
    () => (chunks.has('prompt') || chunks.has('workflow') ? parseComfyUi(chunks.get('prompt'), chunks.get('workflow')) : null),
    () => (chunks.has('invokeai_metadata') ? parseInvokeAiMetadata(chunks.get('invokeai_metadata') as string) : null),
    () => (chunks.has('sd-metadata') ? parseLegacySdMetadata(chunks.get('sd-metadata') as string) : null),
    () => (chunks.has('Dream') ? parseDream(chunks.get('Dream') as string) : null),
    () => (chunks.has('parameters') ? parseAutomatic1111(chunks.get('parameters') as string) : null),
    () => {
      // JPEG and WebP from Automatic1111 carry the same text in EXIF; an ordinary comment is not parameters.
      const comment = exifUserComment(metadata.exif);
      return comment && /(^|\n)Steps: \d/.test(comment) ? parseAutomatic1111(comment) : null;
    },
  ];
  for (const attempt of attempts) {
    try {
      const found = attempt();
      if (found) return found;
    } catch {
      // A malformed chunk never fails an upload; try the next source.
    }
  }
  return null;
}
