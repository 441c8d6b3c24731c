import { expect } from 'chai';
import { CORE } from '../../src/index.ts';
import { ADMIN_AUTH, createTestApp, type TestApp } from '../helpers/create-test-app.ts';

export { ADMIN_AUTH };

export function bootImageAssets(): Promise<TestApp> {
  return createTestApp({ plugins: ['image-assets', 'analytics'] });
}

/** A bearer header for an API key limited to these projects. */
export async function scopedAuth(t: TestApp, projectIds: string[], canWrite = true): Promise<string> {
  const { token } = await t.container.get(CORE.apiKeys).create({ name: `scoped-${projectIds.join('-')}`, projectIds, canWrite });
  return `Bearer ${token}`;
}

export async function createAsset(t: TestApp, projectId: string, body: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const res = await t.request
    .post(`/api/v1/projects/${projectId}/assets`)
    .set('Authorization', ADMIN_AUTH)
    .send({ name: 'An asset', ...body })
    .expect(201);
  return res.body;
}

export async function createGeneration(t: TestApp, assetId: string, body: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const res = await t.request
    .post(`/api/v1/assets/${assetId}/generations`)
    .set('Authorization', ADMIN_AUTH)
    .send({ parameters: { model: 'Realistic_Vision_V5.1', seed: 1 }, ...body })
    .expect(201);
  return res.body;
}

export async function getAsset(t: TestApp, assetId: string): Promise<Record<string, any>> {
  return (await t.request.get(`/api/v1/assets/${assetId}`).set('Authorization', ADMIN_AUTH).expect(200)).body;
}

/** A 4xx problem+json whose errors name this field. */
export function expectProblemNaming(res: { status: number; headers: Record<string, string>; body: any }, status: number, field: string): void {
  expect(res.status, JSON.stringify(res.body)).to.equal(status);
  expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
  const fields = (res.body.errors ?? []).map((e: { field: string }) => e.field);
  expect(fields, JSON.stringify(res.body)).to.include(field);
}
