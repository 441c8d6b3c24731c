import { UnsupportedMediaTypeError } from '../../src/index.ts';
import type { SniffedType } from './content-sniffer.ts';

/** The sniffed type, if the caller accepts it; otherwise a 415 naming what was found and what is allowed. */
export function assertAllowedType(type: SniffedType | null, allowedExts: string[]): SniffedType {
  if (type && allowedExts.includes(type.ext)) return type;
  const found = type ? `${type.ext} (${type.contentType})` : 'an unrecognised type';
  throw new UnsupportedMediaTypeError(`The file's content is ${found}; accepted: ${allowedExts.join(', ')}.`, {
    detected_type: type?.ext ?? null,
    accepted_types: allowedExts,
  });
}
