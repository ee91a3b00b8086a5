// Bundles the meeting page for the browser: src/app.js and src/app.css through esbuild, and
// src/index.html copied as is. Output folder: first argument, else $CHORUS_WEB_OUT, else ./dist.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.resolve(process.argv[2] || process.env.CHORUS_WEB_OUT || path.join(here, 'dist'));

await mkdir(outdir, { recursive: true });
await build({
  absWorkingDir: here,
  entryPoints: ['src/app.js', 'src/app.css'],
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
await copyFile(path.join(here, 'src', 'index.html'), path.join(outdir, 'index.html'));
console.log(`chorus web client built into ${outdir}`);
