/**
 * Builds the dashboard's components bundle into .adminjs/ (`npm run build:admin`). The server
 * reuses it while the components, AdminJS and NODE_ENV are unchanged, and rebuilds it at start
 * only when it is missing or stale. `--force` rebuilds regardless.
 */
import { createAdminJs } from '../plugins/admin/admin-app.ts';
import { ensureBundle } from '../plugins/admin/admin-bundle.ts';

const started = Date.now();
const admin = await createAdminJs([], { dashboard: async () => ({}), maintenance: async () => ({}) });
const outcome = await ensureBundle(admin, { force: process.argv.includes('--force') });
console.log(`admin bundle ${outcome === 'built' ? 'built' : 'up to date'} in ${Date.now() - started} ms (.adminjs/bundle.js)`);
