import type { ActionContext, ActionRequest, ActionResponse, RecordJSON } from 'adminjs';
import fs from 'node:fs/promises';
import { AppError, type AdminCustomAction, type AdminParams, type AdminResourceEntry, type AdminUploadedFile } from '../../src/index.ts';

type Flat = { flatten(o: object): Record<string, unknown>; unflatten(o: object): Record<string, unknown> };
type Handler = (request: ActionRequest, response: unknown, context: ActionContext) => Promise<ActionResponse>;

/** The AdminJS pieces this module needs, passed in so nothing here imports adminjs at load time. */
export interface AdminJsKit {
  flat: Flat;
}

const resourceIdOf = (context: ActionContext) => context.resource._decorated?.id() ?? context.resource.id();

const isUploadedFile = (value: unknown): value is AdminUploadedFile =>
  typeof value === 'object' && value !== null && typeof (value as AdminUploadedFile).path === 'string' && typeof (value as AdminUploadedFile).size === 'number';

function paramsOf(kit: AdminJsKit, request: ActionRequest): AdminParams {
  const fields = Object.fromEntries(Object.entries(request.payload ?? {}).filter(([, v]) => !isUploadedFile(v)));
  return kit.flat.unflatten(fields) as AdminParams;
}

/** Files the form parser wrote to temporary files for this request. */
function filesOf(request: ActionRequest): Record<string, AdminUploadedFile> {
  return Object.fromEntries(Object.entries(request.payload ?? {}).filter((entry): entry is [string, AdminUploadedFile] => isUploadedFile(entry[1])));
}

/** A typed service error becomes a notice, and its field errors show next to the fields. */
function failure(kit: AdminJsKit, err: unknown, record: RecordJSON | undefined, params: AdminParams): ActionResponse {
  if (!(err instanceof AppError)) throw err;
  const errors: Record<string, { message: string; type: string }> = {};
  const fieldErrors = (err.details.errors as Array<{ field: string; message: string }> | undefined) ?? [];
  for (const e of fieldErrors) errors[e.field.replace(/^(body|query|params)\./, '').split('.')[0]] = { message: e.message, type: 'invalid' };
  const base = record ?? ({ params: {}, populated: {}, errors: {}, id: '', title: '', recordActions: [], bulkActions: [], baseError: null } as unknown as RecordJSON);
  return {
    record: { ...base, params: { ...base.params, ...kit.flat.flatten(params) }, errors },
    notice: { message: err.message, type: 'error' },
  };
}

/**
 * new/edit/delete/bulkDelete run the plugin's service writes; without the matching write the
 * action is switched off, so the dashboard has no path to a raw model write.
 */
export function builtInActions(kit: AdminJsKit, entry: AdminResourceEntry): Record<string, object> {
  const writes = entry.writes ?? {};
  const off = { isAccessible: false, isVisible: false };

  const create: Handler = async (request, _response, context) => {
    const { currentAdmin, h, resource } = context;
    if (request.method !== 'post') return {};
    const params = paramsOf(kit, request);
    try {
      const created = await writes.create!(params);
      const record = await resource.findOne(created.id, context);
      return {
        redirectUrl: h.recordActionUrl({ resourceId: resourceIdOf(context), recordId: created.id, actionName: 'show' }),
        notice: { message: created.notice ?? 'successfullyCreated', type: 'success' },
        record: record ? record.toJSON(currentAdmin) : ({ params: { id: created.id } } as unknown as RecordJSON),
      };
    } catch (err) {
      return failure(kit, err, undefined, params);
    }
  };

  const edit: Handler = async (request, _response, context) => {
    const { record, resource, currentAdmin, h } = context;
    if (!record) throw new Error(`Record ${String(request.params.recordId)} not found`);
    if (request.method !== 'post') return { record: record.toJSON(currentAdmin) };
    const params = paramsOf(kit, request);
    try {
      await writes.update!(String(record.id()), params);
    } catch (err) {
      return failure(kit, err, record.toJSON(currentAdmin), params);
    }
    const fresh = await resource.findOne(String(record.id()), context);
    return {
      redirectUrl: h.resourceUrl({ resourceId: resourceIdOf(context) }),
      notice: { message: 'successfullyUpdated', type: 'success' },
      record: (fresh ?? record).toJSON(currentAdmin),
    };
  };

  const remove: Handler = async (request, _response, context) => {
    const { record, currentAdmin, h } = context;
    if (!record) throw new Error(`Record ${String(request.params.recordId)} not found`);
    if (request.method !== 'post') return { record: record.toJSON(currentAdmin) };
    try {
      await writes.remove!(String(record.id()), paramsOf(kit, request));
    } catch (err) {
      return failure(kit, err, record.toJSON(currentAdmin), {});
    }
    return {
      record: record.toJSON(currentAdmin),
      redirectUrl: h.resourceUrl({ resourceId: resourceIdOf(context) }),
      notice: { message: 'successfullyDeleted', type: 'success' },
    };
  };

  const bulkRemove: Handler = async (request, _response, context) => {
    const { records = [], currentAdmin, h } = context;
    if (request.method !== 'post') return { records: records.map((r) => r.toJSON(currentAdmin)) };
    const failed: string[] = [];
    for (const record of records) {
      try {
        await writes.remove!(String(record.id()), {});
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        failed.push(`${String(record.id())}: ${err.message}`);
      }
    }
    return {
      records: records.map((r) => r.toJSON(currentAdmin)),
      redirectUrl: h.resourceUrl({ resourceId: resourceIdOf(context) }),
      notice: failed.length
        ? { message: `Deleted ${records.length - failed.length} of ${records.length}. ${failed.join('; ')}`, type: 'error' }
        : { message: 'successfullyBulkDeleted', type: 'success' },
    };
  };

  return {
    new: writes.create ? { handler: create } : off,
    edit: writes.update ? { handler: edit } : off,
    delete: writes.remove ? { handler: remove } : off,
    bulkDelete: writes.remove ? { handler: bulkRemove } : off,
  };
}

/** A plugin action: shown with the ActionRunner component, which runs it by POST only. */
export function customAction(kit: AdminJsKit, action: AdminCustomAction): object {
  const handler: Handler = async (request, _response, context) => {
    const { record, records, currentAdmin } = context;
    const shape = {
      ...(record ? { record: record.toJSON(currentAdmin) } : {}),
      ...(records ? { records: records.map((r) => r.toJSON(currentAdmin)) } : {}),
    };
    if (request.method !== 'post') return shape;
    const params = paramsOf(kit, request);
    const files = filesOf(request);
    try {
      const result = await action.run({
        recordId: record ? String(record.id()) : undefined,
        recordIds: records?.map((r) => String(r.id())),
        params,
        files,
      });
      const fresh = record ? await context.resource.findOne(String(record.id()), context) : null;
      return { ...shape, ...(fresh ? { record: fresh.toJSON(currentAdmin) } : {}), notice: { message: result.message, type: 'success' }, data: result.data };
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return { ...shape, notice: { message: err.message, type: 'error' } };
    } finally {
      for (const file of Object.values(files)) await fs.rm(file.path, { force: true });
    }
  };
  return {
    actionType: action.actionType,
    icon: action.icon ?? 'Play',
    component: 'ActionRunner',
    showInDrawer: false,
    isVisible: action.isVisible ? (context: ActionContext) => Boolean(context.record && action.isVisible!(context.record.params)) : true,
    custom: { description: action.guard, steps: action.steps, fields: action.fields },
    handler,
  };
}

/** Runs the plugin's `decorate` on every record an action answers with (list, show, edit). */
export function decorateAfter(entry: AdminResourceEntry) {
  return async (response: ActionResponse) => {
    if (!entry.decorate) return response;
    const records: RecordJSON[] = [...(response.records ?? []), ...(response.record ? [response.record] : [])];
    if (records.length) await entry.decorate(records.map((r) => r.params));
    return response;
  };
}

/** Properties a resource marks `isVisible: false` are never sent to the browser (e.g. password and token hashes). */
export function stripHiddenAfter(hidden: string[]) {
  return async (response: ActionResponse) => {
    if (hidden.length === 0) return response;
    const records: RecordJSON[] = [...(response.records ?? []), ...(response.record ? [response.record] : [])];
    for (const record of records) {
      for (const key of Object.keys(record.params ?? {})) {
        if (hidden.some((h) => key === h || key.startsWith(`${h}.`))) delete record.params[key];
      }
    }
    return response;
  };
}
