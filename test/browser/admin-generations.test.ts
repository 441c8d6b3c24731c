import { expect } from 'chai';
import { ADMIN_AUTH } from '../helpers/create-test-app.ts';
import { ImageAsset } from '../../plugins/image-assets/tokens.ts';
import { openDashboard, wordsBrokenInCells, type DashboardSession } from './dashboard-session.ts';

/** Generations in the dashboard: what they were made with is readable, and nothing on the page throws. */
describe('admin dashboard in a browser: generations', function () {
  this.timeout(120_000);
  let s: DashboardSession;
  let asset: ImageAsset;
  let generationId: string;
  const parameters = {
    prompt: 'a lighthouse on a basalt cliff at dawn, volumetric fog',
    negative_prompt: 'blurry, watermark',
    model: 'sdxl-base-1.0',
    seed: 424242,
    sampler: 'DPM++ 2M Karras',
    steps: 28,
    cfg_scale: 6.5,
    width: 1024,
    height: 768,
  };

  before(async () => {
    s = await openDashboard();
    asset = (await ImageAsset.findOne({ where: { name: 'Dragon Lair' } }))!;
    const created = await s.t.request
      .post(`/api/v1/assets/${asset.id}/generations`)
      .set('Authorization', ADMIN_AUTH)
      .send({ parameters, metadata: { pipeline: { name: 'nightly', retries: 0 } } })
      .expect(201);
    generationId = created.body.id;
  });
  after(async () => s?.close());

  it('shows a generation with its prompt, settings and JSON, without a JavaScript error', async () => {
    await s.page.goto(`${s.base}/admin/resources/image_generations/records/${generationId}/show`);
    await s.page.waitForSelector('[data-testid=json-parametersJson]');
    await s.shot('generation-show');
    expect(s.takeErrors()).to.deep.equal([]);
    expect(await s.page.innerText('body')).not.to.contain('Javascript Error');
    const value = async (label: string) => {
      const group = s.page.locator('section', { has: s.page.locator(`label:text-is("${label}")`) }).last();
      return (await group.innerText()).replace(label, '').trim();
    };
    expect(await value('Prompt')).to.equal(parameters.prompt);
    expect(await value('Negative prompt')).to.equal(parameters.negative_prompt);
    expect(await value('Model')).to.equal(parameters.model);
    expect(await value('Seed')).to.equal('424242');
    expect(await value('Sampler')).to.equal(parameters.sampler);
    expect(await value('Steps')).to.equal('28');
    expect(await value('CFG scale')).to.equal('6.5');
    expect(await value('Size')).to.equal('1024 × 768');
    expect(JSON.parse(await s.page.innerText('[data-testid=json-parametersJson]'))).to.deep.equal(parameters);
    expect(JSON.parse(await s.page.innerText('[data-testid=json-metadataJson]'))).to.deep.equal({ pipeline: { name: 'nightly', retries: 0 } });
    // The asset by name, linking to its page.
    const link = s.page.locator(`a[href$="/admin/resources/image_assets/records/${asset.id}/show"]`);
    expect(await link.innerText()).to.equal('Dragon Lair');
  });

  it('shows a seeded generation (empty metadata) without a JavaScript error', async () => {
    const list = await s.t.request.get(`/api/v1/assets/${asset.id}/generations`).set('Authorization', ADMIN_AUTH).expect(200);
    const seeded = list.body.generations.find((g: { id: string }) => g.id !== generationId);
    await s.page.goto(`${s.base}/admin/resources/image_generations/records/${seeded.id}/show`);
    await s.page.waitForSelector('[data-testid=json-metadataJson]');
    expect(s.takeErrors()).to.deep.equal([]);
    expect(await s.page.innerText('body')).to.contain(seeded.parameters.positive_prompt);
  });

  it('lists generations by asset name with prompt, model, seed and status, breaking no word', async () => {
    await s.page.goto(`${s.base}/admin/resources/image_generations`);
    const row = s.page.locator(`tr[data-id="${generationId}"]`);
    await row.waitFor();
    await s.shot('generation-list');
    expect(s.takeErrors()).to.deep.equal([]);
    const cell = (property: string) => row.locator(`td[data-property-name="${property}"]`);
    expect(await cell('assetId').innerText()).to.equal('Dragon Lair');
    expect(await cell('assetId').locator('a').getAttribute('href')).to.match(new RegExp(`/admin/resources/image_assets/records/${asset.id}/show$`));
    // Cut at a word, the whole prompt on hover.
    const prompt = cell('prompt').locator('[data-testid=preview-prompt]');
    expect(await prompt.getAttribute('title')).to.equal(parameters.prompt);
    expect(parameters.prompt.startsWith((await prompt.innerText()).replace(/…$/, ''))).to.equal(true);
    expect(await cell('model').innerText()).to.equal(parameters.model);
    expect(await cell('seed').innerText()).to.equal('424242');
    expect(await cell('status').innerText()).to.equal('pending');
    const table = await s.page.innerText('table');
    expect(table).not.to.contain(asset.id);
    expect(await wordsBrokenInCells(s.page)).to.deep.equal([]);
  });
});
