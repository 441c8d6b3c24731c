import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { SEARCH } from '../../plugins/search/tokens.ts';
import { ADMIN_AUTH, createTestApp } from '../helpers/create-test-app.ts';
import { CONTRACT_VERSIONS, MeilisearchContractServer } from '../helpers/meilisearch-contract-server.ts';
import { createAsset, createGeneration } from '../image-assets/helpers.ts';
import { CONTRACT_MASTER_KEY } from './fixtures/search-targets.ts';

/** Facets as Meilisearch documents them: the contract server must hold the adapter to these shapes. */
for (const version of CONTRACT_VERSIONS) {
  describe(`Meilisearch facets (contract server ${version})`, function () {
    this.timeout(60_000);
    let contract: MeilisearchContractServer;

    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${contract.url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${CONTRACT_MASTER_KEY}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    };
    /** A write, waited for: answers the finished task. */
    const write = async (method: string, path: string, body?: unknown) => {
      const res = await call(method, path, body);
      expect(res.status, JSON.stringify(res.body)).to.equal(202);
      await contract.tasks.idle();
      return (await call('GET', `/tasks/${res.body.taskUid}`)).body;
    };
    const search = (uid: string, body: object) => call('POST', `/indexes/${uid}/search`, body);

    before(async () => {
      contract = await MeilisearchContractServer.start({ version, masterKey: CONTRACT_MASTER_KEY });
      await write('POST', '/indexes', { uid: 'books', primaryKey: 'id' });
      await write('PATCH', '/indexes/books/settings', { filterableAttributes: ['genres', 'year', 'author'] });
      await write('POST', '/indexes/books/documents', [
        { id: 1, title: 'Dune', genres: ['Science fiction', 'Adventure'], year: 1965, author: 'Frank Herbert' },
        { id: 2, title: 'Dune Messiah', genres: ['science fiction'], year: 1969, author: 'Frank Herbert' },
        { id: 3, title: 'Emma', genres: ['Romance'], year: 1815, author: 'Jane Austen' },
        { id: 4, title: 'Persuasion', genres: ['Romance', 'Drama'], year: 1817, author: 'Jane Austen' },
        { id: 5, title: 'Dune Encyclopedia', genres: ['Reference', 'Science Fiction'], year: 1984 },
      ]);
    });
    after(() => contract?.close());

    it('answers facetDistribution over every hit, values alphabetical by default, case folded as the first document added wrote it', async () => {
      const { status, body } = await search('books', { q: '', facets: ['genres', 'author'], limit: 1 });
      expect(status, JSON.stringify(body)).to.equal(200);
      expect(body.hits).to.have.length(1);
      expect(body.facetDistribution).to.deep.equal({
        genres: { Adventure: 1, Drama: 1, Reference: 1, Romance: 2, 'Science fiction': 3 },
        author: { 'Frank Herbert': 2, 'Jane Austen': 2 },
      });
      expect(Object.keys(body.facetDistribution.genres)).to.deep.equal(['Adventure', 'Drama', 'Reference', 'Romance', 'Science fiction']);
      expect(body.facetStats).to.deep.equal({});
    });

    it('counts within the query and the filter, gives min and max of numbers in facetStats, and `*` means every filterable attribute', async () => {
      const { body } = await search('books', { q: 'dune', filter: 'author = "Frank Herbert"', facets: ['genres', 'year'] });
      expect(body.facetDistribution).to.deep.equal({ genres: { Adventure: 1, 'Science fiction': 2 }, year: { '1965': 1, '1969': 1 } });
      expect(body.facetStats).to.deep.equal({ year: { min: 1965, max: 1969 } });
      const all = await search('books', { q: 'emma', facets: ['*'] });
      expect(Object.keys(all.body.facetDistribution).sort()).to.deep.equal(['author', 'genres', 'year']);
      const without = await search('books', { q: 'emma' });
      expect(without.body).to.not.have.property('facetDistribution');
    });

    it('sorts by count and keeps maxValuesPerFacet values once faceting says so', async () => {
      await write('PATCH', '/indexes/books/settings', { faceting: { maxValuesPerFacet: 2, sortFacetValuesBy: { '*': 'count' } } });
      const { body } = await search('books', { q: '', facets: ['genres'] });
      expect(Object.entries(body.facetDistribution.genres)).to.deep.equal([
        ['Science fiction', 3],
        ['Romance', 2],
      ]);
      await write('PATCH', '/indexes/books/settings', { faceting: null });
      expect(Object.keys((await search('books', { q: '', facets: ['genres'] })).body.facetDistribution.genres)).to.have.length(5);
    });

    it('refuses a facet on an attribute that is not filterable with invalid_search_facets, naming the filterable ones', async () => {
      const one = await search('books', { q: '', facets: ['title'] });
      expect(one.status).to.equal(400);
      expect(one.body).to.deep.include({
        code: 'invalid_search_facets',
        type: 'invalid_request',
        message: 'Invalid facet distribution: Attribute `title` is not filterable. Available filterable attributes patterns are: `author, genres, year`.',
      });
      const two = await search('books', { q: '', facets: ['title', 'isbn', 'genres'] });
      expect(two.body.message).to.equal('Invalid facet distribution: Attributes `isbn, title` are not filterable. Available filterable attributes patterns are: `author, genres, year`.');
      const notArray = await search('books', { q: '', facets: 'genres' });
      expect(notArray.status).to.equal(400);
      expect(notArray.body.code).to.equal('invalid_search_facets');
      await write('POST', '/indexes', { uid: 'plain', primaryKey: 'id' });
      const none = await search('plain', { q: '', facets: ['genres'] });
      expect(none.body).to.deep.include({
        code: 'invalid_search_facets',
        message: 'Invalid facet distribution: Attribute `genres` is not filterable. This index does not have configured filterable attributes.',
      });
    });

    it('refuses faceting settings Meilisearch refuses, before they become a task', async () => {
      for (const faceting of [{ maxValuesPerFacet: -1 }, { maxValues: 10 }, { sortFacetValuesBy: { '*': 'random' } }, { sortFacetValuesBy: ['count'] }, 'count']) {
        const res = await call('PATCH', '/indexes/books/settings', { faceting });
        expect(res.status, JSON.stringify(faceting)).to.equal(400);
        expect(res.body.code, JSON.stringify(faceting)).to.equal('invalid_settings_faceting');
      }
    });
  });
}

describe('Meilisearch adapter: parameter filters and facets', function () {
  this.timeout(60_000);

  it('declares the parameter attributes filterable, asks for the top values by count, and sends facets as Meilisearch takes them', async () => {
    const contract = await MeilisearchContractServer.start({ version: CONTRACT_VERSIONS[0], masterKey: CONTRACT_MASTER_KEY });
    const prefix = `af_${randomBytes(4).toString('hex')}_`;
    const t = await createTestApp({
      plugins: ['search', 'image-assets'],
      config: { search: { drainIntervalMs: 0 }, 'search-meilisearch': { indexPrefix: prefix } },
      env: { MEILISEARCH_URL: contract.url, MEILISEARCH_API_KEY: CONTRACT_MASTER_KEY },
    });
    try {
      const asset = await createAsset(t, 'meili', { name: 'Lighthouse' });
      await createGeneration(t, asset.id, { parameters: { prompt: 'a lighthouse', model: 'SDXL Base', sampler: 'Euler a', loras: ['film_grain'] } });
      await t.container.get(SEARCH.outboxWorker).drain();
      await contract.tasks.idle();
      const index = contract.indexes.get(`${prefix}image-assets`)!;
      expect(index.settings.filterableAttributes).to.include.members(['project_id', 'models', 'samplers', 'schedulers', 'sources', 'loras', 'embeddings', 'sizes']);
      expect(index.settings.searchableAttributes).to.include.members(['prompt', 'negative_prompt']);
      expect(index.settings).to.deep.include({ maxValuesPerFacet: 100, sortFacetValuesBy: { '*': 'count' } });

      const from = contract.requests.length;
      const { body } = await t.request
        .get('/api/v1/projects/meili/assets/search')
        .query({ q: 'lighthouse', model: 'sdxl base', facets: 'model,lora' })
        .set('Authorization', ADMIN_AUTH)
        .expect(200);
      expect(body.facets).to.deep.equal({ model: [{ value: 'SDXL Base', count: 1 }], lora: [{ value: 'film_grain', count: 1 }] });
      const sent = contract.requests.slice(from).find((r) => r.path.endsWith('/search'))!.body as Record<string, unknown>;
      expect(sent.facets).to.deep.equal(['models', 'loras']);
      expect(sent.filter).to.equal('project_id = "meili" AND models IN ["sdxl base"]');
    } finally {
      await t.stop();
      await contract.close();
    }
  });
});
