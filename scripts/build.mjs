// Compiles the server's TypeScript once into .build/ for `npm start` (run by its prestart script),
// so production runs plain JavaScript: no tsx loader, no esbuild service, less memory. Each file
// is compiled on its own (imports stay imports, `.ts` specifiers become `.js`); other files
// (dashboard components, workers' .mjs) are copied beside them. Nothing is rebuilt when no source changed.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, '.build');
const SOURCE_DIRS = ['src', 'plugins', 'seeders'];

function filesUnder(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

const sources = SOURCE_DIRS.flatMap((dir) => filesUnder(path.join(root, dir))).sort();
const fingerprint = createHash('sha256');
for (const file of [...sources, path.join(root, 'tsconfig.json'), fileURLToPath(import.meta.url)]) {
  const stat = fs.statSync(file);
  fingerprint.update(`${path.relative(root, file)} ${stat.size} ${stat.mtimeMs}\n`);
}
const digest = fingerprint.digest('hex');
const stamp = path.join(out, '.fingerprint');
if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === digest) process.exit(0);

// Built beside the old build, then swapped in, so a half-written build is never what starts.
const next = `${out}.next-${process.pid}`;
fs.rmSync(next, { recursive: true, force: true });
const compiled = sources.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'));
await esbuild.build({
  entryPoints: compiled,
  outdir: next,
  outbase: root,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: `node${process.versions.node}`,
  tsconfig: path.join(root, 'tsconfig.json'),
  logLevel: 'warning',
  plugins: [
    {
      name: 'keep-imports',
      setup(build) {
        // `bundle` only so that every import passes through here: none is inlined, each is kept
        // with its TypeScript extension made JavaScript's.
        build.onResolve({ filter: /.*/ }, (args) =>
          args.kind === 'entry-point' ? undefined : { path: args.path.replace(/\.ts$/, '.js'), external: true },
        );
      },
    },
  ],
});
for (const file of sources.filter((f) => !compiled.includes(f) && !f.endsWith('.d.ts'))) {
  const target = path.join(next, path.relative(root, file));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(file, target);
}
fs.writeFileSync(path.join(next, '.fingerprint'), digest);
const old = `${out}.old-${process.pid}`;
if (fs.existsSync(out)) fs.renameSync(out, old);
fs.renameSync(next, out);
fs.rmSync(old, { recursive: true, force: true });
