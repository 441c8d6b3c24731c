import fs from 'node:fs';
import { InputError, parseInput, type AdminParams, type AdminResourceEntry } from '../../src/index.ts';
import type { FileService } from '../storage/tokens.ts';
import type { TagService } from '../tags/tag.service.ts';
import { MEDIA_ALLOWED_EXTS, MEDIA_MAX_BYTES } from './file-types.ts';
import { updateMediaAssetBody } from './media-asset.schemas.ts';
import type { MediaAssetService } from './media-asset.service.ts';

const PREVIEW_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const computed = (list: boolean, edit = false) => ({ type: 'string', isSortable: false, isVisible: { list, show: true, edit, filter: false } });

/** Tag names typed in the dashboard, as the ids the API takes; an unknown name is refused, not created. */
async function tagIdsFor(tags: TagService, list: string): Promise<string[]> {
  const ids: string[] = [];
  for (const name of list.split(',').map((n) => n.trim()).filter(Boolean)) {
    const found = (await tags.list({ name, skip: 0, limit: 1, sort_by: 'name', sort_dir: 'asc' })).items[0];
    if (!found) throw InputError.field('body.tagList', `unknown tag "${name}"`);
    ids.push(found.id);
  }
  return ids;
}

/** The media library in the dashboard: previews, download links, rename, tags, replace file, delete, all through MediaAssetService. */
export function mediaAssetAdminResource(media: MediaAssetService, tags: TagService, files: FileService): Omit<AdminResourceEntry, 'pluginId'> {
  return {
    resource: media.model(),
    options: {
      navigation: { name: 'Media library' },
      listProperties: ['preview', 'fileName', 'contentType', 'fileSizeBytes', 'tagList', 'createdAt'],
      showProperties: ['preview', 'id', 'fileName', 'fileType', 'contentType', 'fileSizeBytes', 'width', 'height', 'tagList', 'sha256', 'uploadedBy', 'uploadedAt', 'createdAt', 'updatedAt'],
      editProperties: ['fileName', 'tagList'],
      filterProperties: ['fileName', 'fileType', 'contentType', 'uploadedBy', 'createdAt'],
      properties: {
        preview: { ...computed(true), components: { list: 'MediaPreview', show: 'MediaPreview' } },
        tagList: { ...computed(true, true), description: 'Comma-separated names of existing tags' },
        // File names are often one long token (no spaces): the list may break them anywhere.
        fileName: { custom: { longToken: true } },
      },
      sort: { sortBy: 'createdAt', direction: 'desc' },
    },
    writes: {
      async update(id, params: AdminParams) {
        const body: Record<string, unknown> = {};
        if ('fileName' in params) body.file_name = params.fileName;
        if (typeof params.tagList === 'string') body.tag_ids = await tagIdsFor(tags, params.tagList);
        await media.update(id, parseInput(updateMediaAssetBody, body, 'body'));
      },
      remove: (id) => media.remove(id),
    },
    actions: [
      {
        name: 'replaceFile',
        label: 'Replace file',
        actionType: 'record',
        icon: 'Upload',
        guard: 'The new file replaces the stored one; the old one is released.',
        fields: [{ name: 'file', label: 'New file', type: 'file' }],
        async run({ recordId, files: uploaded }) {
          const file = uploaded.file;
          if (!file) throw InputError.field('file', 'choose a file');
          const ingested = await files.ingest(fs.createReadStream(file.path), { maxBytes: MEDIA_MAX_BYTES, allowedExts: MEDIA_ALLOWED_EXTS, originalName: file.name });
          const view = await media.replaceFile(recordId!, { ...ingested, originalName: file.name, clientContentType: file.type }, () => ({}));
          return { message: `Replaced with ${view.file_name}.`, data: view };
        },
      },
    ],
    async download(id) {
      const { asset, file } = await media.fileOf(id);
      return { stream: await media.openFile(file), contentType: file.contentType, fileName: asset.fileName, size: file.size };
    },
    async decorate(records) {
      for (const record of records) {
        const view = await media.get(String(record.id)).catch(() => null);
        if (!view) continue;
        const url = `/admin/downloads/media_assets/${view.id}`;
        const hasFile = Boolean(record.fileId);
        record.downloadUrl = hasFile ? url : null;
        record.previewUrl = hasFile && PREVIEW_TYPES.has(String(record.contentType)) ? `${url}?inline=1` : null;
        record.tagList = view.tags.map((t) => t.name).join(', ');
      }
    },
  };
}
