// Builds the pocket binder's script into ../../assets/pocket/pocket.js (committed, so the Rust
// build needs no npm): one minified IIFE with age-encryption bundled in. The core puts it, with
// pocket.css, into shell.html and fills in the plan. `npm run build:pocket`; scripts/test.sh checks that the
// committed files are what this makes.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '../../assets/pocket');
mkdirSync(out, { recursive: true });
const result = await build({
  entryPoints: [join(here, 'main.ts')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2022'],
  legalComments: 'none',
  charset: 'utf8',
  outfile: join(out, 'pocket.js'),
  write: false,
});
// Written only when it changed: the core includes it when compiled, and cargo compiles the core
// (and the fuzz targets) again whenever the file is newer.
for (const file of result.outputFiles) {
  if (!existsSync(file.path) || !readFileSync(file.path).equals(Buffer.from(file.contents))) {
    writeFileSync(file.path, file.contents);
  }
}
