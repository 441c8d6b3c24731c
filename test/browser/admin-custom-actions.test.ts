import { expect } from 'chai';
import supertest from 'supertest';
import { ADMIN_AUTH } from '../helpers/create-test-app.ts';
import { openDashboard, type DashboardSession } from './dashboard-session.ts';

/** The custom action pages in a browser: human titles, checkboxes and a tag picker, each checked against the API. */
describe('admin dashboard in a browser: API keys and tag merge', function () {
  this.timeout(120_000);
  let s: DashboardSession;
  const api = () => supertest(s.t.app);

  before(async () => {
    s = await openDashboard();
  });
  after(async () => s?.close());

  /** Fills and runs the "Create key" page; answers the token it shows. */
  async function createKey(name: string, projects: string, options: { write?: boolean; mediaLibrary?: boolean } = {}) {
    await s.page.goto(`${s.base}/admin/resources/api_keys/actions/createApiKey`);
    await s.page.waitForSelector('[data-testid=action-runner]');
    await s.page.fill('input[name=name]', name);
    await s.page.fill('input[name=projects]', projects);
    if (options.write !== undefined) await s.page.setChecked('input[name=write]', options.write);
    if (options.mediaLibrary !== undefined) await s.page.setChecked('input[name=mediaLibrary]', options.mediaLibrary);
    await s.page.click('[data-testid=run-default]');
    await s.page.waitForSelector('[data-testid=action-data]');
    expect(await s.page.innerText('[data-testid=action-message]')).to.contain(`Key "${name}" created`);
    return JSON.parse(await s.page.innerText('[data-testid=action-data]')).token as string;
  }

  const writeAsset = (token: string, name: string) =>
    api().post('/api/v1/projects/demo/assets').set('Authorization', `Bearer ${token}`).send({ name });

  it('"Create key" has a human title, and its write-access checkbox makes a read-write key', async () => {
    await s.page.goto(`${s.base}/admin/resources/api_keys/actions/createApiKey`);
    await s.page.waitForSelector('[data-testid=action-runner]');
    await s.shot('create-key');
    expect(await s.page.innerText('body')).not.to.contain('createApiKey');
    expect(await s.page.innerText('[data-css$="-breadcrumbs"]')).to.contain('Create key');
    expect(await s.page.innerText('[data-testid=run-default]')).to.equal('Create key');
    expect(await s.page.innerText('[data-testid=action-title]')).to.equal('Create key');
    expect(await s.page.title()).not.to.contain('createApiKey');
    // Unchecked by default; the media library follows "all projects" until it is clicked.
    expect(await s.page.isChecked('input[name=write]')).to.equal(false);
    expect(await s.page.isChecked('input[name=mediaLibrary]')).to.equal(true);
    await s.page.fill('input[name=projects]', 'p1');
    expect(await s.page.isChecked('input[name=mediaLibrary]')).to.equal(false);

    const writer = await createKey('writer', '', { write: true });
    expect((await writeAsset(writer, 'written with a dashboard key')).status).to.equal(201);
    const reader = await createKey('reader', '');
    expect((await writeAsset(reader, 'refused')).status).to.equal(403);
    expect((await api().get('/api/v1/projects/demo/assets').set('Authorization', `Bearer ${reader}`)).status).to.equal(200);
    expect(s.takeErrors()).to.deep.equal([]);
  });

  it('lists each key\'s projects truthfully: "p1" for a limited key, "All projects" for the others', async () => {
    const limited = await createKey('p1 only', 'p1');
    // Another project is not there for it at all.
    expect((await api().get('/api/v1/projects/demo/assets').set('Authorization', `Bearer ${limited}`)).status).to.equal(404);
    expect((await api().get('/api/tags').set('Authorization', `Bearer ${limited}`)).status).to.equal(403);
    await s.page.goto(`${s.base}/admin/resources/api_keys`);
    await s.page.waitForSelector('td[data-property-name=projects]');
    await s.shot('api-keys');
    const row = (name: string) => s.page.locator('tbody tr').filter({ has: s.page.locator('td[data-property-name=name]').getByText(name, { exact: true }) });
    const cell = (name: string, property: string) => row(name).locator(`td[data-property-name=${property}]`).innerText();
    expect(await cell('p1 only', 'projects')).to.equal('p1');
    expect(await cell('p1 only', 'mediaLibrary')).to.equal('No');
    expect(await cell('p1 only', 'canWrite')).to.equal('No');
    expect(await cell('writer', 'projects')).to.equal('All projects');
    expect(await cell('writer', 'mediaLibrary')).to.equal('Yes');
    expect(await cell('writer', 'canWrite')).to.equal('Yes');
    expect(await s.page.innerText('thead')).to.contain('Media library and tags');

    await row('p1 only').locator('td[data-property-name=name]').click();
    await s.page.waitForURL(/\/api_keys\/records\/[^/]+\/show$/);
    await s.page.waitForSelector('text=Token prefix');
    const show = await s.page.innerText('body');
    expect(show).to.match(/Projects\s+p1/);
    expect(show).not.to.contain('Project Ids');
    expect(s.takeErrors()).to.deep.equal([]);
  });

  it('merges a tag into one picked by name from the existing tags', async () => {
    const tag = async (name: string) => (await api().get('/api/tags').query({ name }).set('Authorization', ADMIN_AUTH)).body.items[0] as { id: string } | undefined;
    const concept = (await tag('concept'))!;
    const portrait = (await api().get('/api/v1/projects/demo/assets').query({ search: 'Main Character' }).set('Authorization', ADMIN_AUTH)).body;
    const assetId = (portrait.assets ?? portrait.items)[0].id as string;

    await s.page.goto(`${s.base}/admin/resources/tags/records/${concept.id}/mergeTag`);
    await s.page.waitForSelector('[data-testid=action-runner]');
    expect(await s.page.innerText('body')).not.to.contain('mergeTag');
    expect(await s.page.innerText('[data-css$="-breadcrumbs"]')).to.contain('Merge into…');
    expect(await s.page.innerText('[data-testid=action-title]')).to.equal('Merge into…');
    await s.page.click('[data-testid=field-target] .af-select__control');
    await s.page.waitForSelector('.af-select__option');
    const offered = await s.page.locator('.af-select__option').allInnerTexts();
    expect(offered.sort()).to.deep.equal(['character', 'environment', 'item']);
    await s.shot('merge-tag-picker');
    await s.page.locator('.af-select__option', { hasText: 'character' }).click();
    await s.page.click('[data-testid=run-default]');
    await s.page.waitForSelector('[data-testid=action-message]');
    expect(await s.page.innerText('[data-testid=action-message]')).to.equal('Merged into "character".');
    expect(await tag('concept')).to.equal(undefined);
    const asset = await api().get(`/api/v1/assets/${assetId}`).set('Authorization', ADMIN_AUTH);
    expect(asset.body.tags).to.deep.equal(['character']);
    expect(s.takeErrors()).to.deep.equal([]);
  });
});
