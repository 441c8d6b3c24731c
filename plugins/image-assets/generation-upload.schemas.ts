import { linkSchema, z } from '../../src/index.ts';

export const generationUploadForm = z.object({
  file: z.string().describe('The image (PNG, JPEG or WebP, judged by its bytes), sent as a multipart file part'),
});

export const generationUploadResponse = z.object({
  image_path: z.string().describe('The stored image’s name on this server, `images/{image_id}.{format}`'),
  image_url: linkSchema.describe('A signed URL that serves the image (GET /api/v1/files/images/{image_id})'),
  file_size: z.number().int().describe('Bytes'),
  dimensions: z.object({ width: z.number().int(), height: z.number().int() }),
  format: z.enum(['png', 'jpg', 'webp']),
});
export type GenerationUploadResponse = z.output<typeof generationUploadResponse>;
