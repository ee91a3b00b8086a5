// Bundles the test harness (harness.js) with esbuild and copies harness.html next to it.
// Output folder: first argument, else $CHORUS_HARNESS_OUT, else ./dist.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.resolve(process.argv[2] || process.env.CHORUS_HARNESS_OUT || path.join(here, 'dist'));

await mkdir(outdir, { recursive: true });
await build({
  absWorkingDir: here,
  entryPoints: ['harness.js'],
  outdir,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome100'],
  minify: true,
  sourcemap: true,
  legalComments: 'eof',
  logLevel: 'warning',
});
await copyFile(path.join(here, 'harness.html'), path.join(outdir, 'harness.html'));
console.log(`chorus test harness built into ${outdir}`);
