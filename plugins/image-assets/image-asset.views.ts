import { siteLink, type SiteLink, type UrlSigner } from '../../src/index.ts';
import type { Generation } from './generation.model.ts';
import type { ImageAsset } from './image-asset.model.ts';

/**
 * Signs the image and thumbnail URLs that views hand out, so a browser can load them in an <img>
 * tag. Views are plain functions called from every service, so the plugin's init sets this once.
 */
let viewUrls: { signer: UrlSigner } | undefined;

export function useViewUrlSigner(signer: UrlSigner): void {
  viewUrls = { signer };
}

function signedUrl(path: string): SiteLink {
  return siteLink(viewUrls ? viewUrls.signer.sign(path) : path);
}

export interface GenerationView {
  id: string;
  asset_id: string;
  image_path: string | null;
  image_url: SiteLink | string | null;
  parameters: Record<string, unknown>;
  created_at: string;
  updated_at: string;
  status: string;
  is_favorite: boolean;
  file_size: number | null;
  dimensions: { width: number; height: number } | null;
  format: string | null;
  metadata: Record<string, unknown>;
}

export interface ImageAssetView {
  id: string;
  project_id: string;
  name: string;
  description: string;
  created_at: string;
  updated_at: string;
  thumbnail: SiteLink | null;
  favorite_generation_id: string | null;
  tags: string[];
  metadata: Record<string, unknown>;
  file_size: number;
  total_generations: number;
  generations?: GenerationView[];
}

/** What a view shows of a generation: a model instance, or a row read without one (asset-reads.ts). */
export type GenerationRecord = Pick<
  Generation,
  'id' | 'assetId' | 'imagePath' | 'fileId' | 'imageUrl' | 'parameters' | 'createdAt' | 'updatedAt' | 'status' | 'isFavorite' | 'fileSize' | 'width' | 'height' | 'format' | 'metadata'
>;

export function toGenerationView(generation: GenerationRecord): GenerationView {
  return {
    id: generation.id,
    asset_id: generation.assetId,
    image_path: generation.imagePath,
    // A stored file is served (resized on request) by the images plugin; the column keeps the unsigned path.
    image_url: generation.fileId ? signedUrl(`/api/v1/files/images/${generation.fileId}`) : generation.imageUrl,
    parameters: generation.parameters,
    created_at: generation.createdAt.toISOString(),
    updated_at: generation.updatedAt.toISOString(),
    status: generation.status,
    is_favorite: Boolean(generation.isFavorite),
    file_size: generation.fileSize,
    dimensions: generation.width !== null && generation.height !== null ? { width: generation.width, height: generation.height } : null,
    format: generation.format,
    metadata: generation.metadata,
  };
}

/** What a view shows of an asset: a model instance, or a row read without one (asset-reads.ts). */
export type AssetRecord = Pick<
  ImageAsset,
  'id' | 'projectId' | 'name' | 'description' | 'favoriteGenerationId' | 'metadata' | 'fileSize' | 'totalGenerations' | 'createdAt' | 'updatedAt'
>;

/** `hasImage`: whether a generation of the asset has a stored file, which the thumbnail is made from. */
export function toAssetView(asset: AssetRecord, tags: string[], generations?: GenerationRecord[], hasImage = false): ImageAssetView {
  const view: ImageAssetView = {
    id: asset.id,
    project_id: asset.projectId,
    name: asset.name,
    description: asset.description,
    created_at: asset.createdAt.toISOString(),
    updated_at: asset.updatedAt.toISOString(),
    // The version changes whenever the favourite or the files do, so a browser never shows a stale thumbnail from its cache.
    thumbnail: hasImage ? signedUrl(`/api/v1/assets/${asset.id}/thumbnail?v=${asset.updatedAt.getTime().toString(36)}`) : null,
    favorite_generation_id: asset.favoriteGenerationId,
    tags,
    metadata: asset.metadata,
    file_size: asset.fileSize,
    total_generations: asset.totalGenerations,
  };
  if (generations) view.generations = generations.map(toGenerationView);
  return view;
}
