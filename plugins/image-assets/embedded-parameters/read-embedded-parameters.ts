import { parseAutomatic1111 } from './automatic1111.ts';
import { parseComfyUi } from './comfyui.ts';
import type { EmbeddedParameters } from './embedded-parameters.ts';
import { exifUserComment } from './exif-user-comment.ts';
import { parseDream, parseInvokeAiMetadata, parseLegacySdMetadata } from './invokeai.ts';
import type { TextChunk } from './text-chunk-decoder.ts';

export interface EmbeddedSources {
  /** PNG text chunks, decoded, in file order. */
  texts: TextChunk[];
  /** The EXIF block of a JPEG or WebP. */
  exif?: Buffer;
}

/**
 * Finds the generation parameters a tool embedded in an image. ComfyUI's graph is preferred, then
 * InvokeAI's metadata, then Automatic1111's text. Anything unreadable is ignored: the answer is then null.
 */
export function readEmbeddedParameters(sources: EmbeddedSources): EmbeddedParameters | null {
  const chunks = new Map<string, string>();
  for (const { keyword, text } of sources.texts) if (!chunks.has(keyword)) chunks.set(keyword, text);
  const attempts: Array<() => EmbeddedParameters | null> = [
    () => (chunks.has('prompt') || chunks.has('workflow') ? parseComfyUi(chunks.get('prompt'), chunks.get('workflow')) : null),
    () => (chunks.has('invokeai_metadata') ? parseInvokeAiMetadata(chunks.get('invokeai_metadata') as string) : null),
    () => (chunks.has('sd-metadata') ? parseLegacySdMetadata(chunks.get('sd-metadata') as string) : null),
    () => (chunks.has('Dream') ? parseDream(chunks.get('Dream') as string) : null),
    () => (chunks.has('parameters') ? parseAutomatic1111(chunks.get('parameters') as string) : null),
    () => {
      // JPEG and WebP from Automatic1111 carry the same text in EXIF; an ordinary comment is not parameters.
      const comment = exifUserComment(sources.exif);
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
