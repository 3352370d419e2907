// Builds the pocket binder's page into ../../assets/pocket/ (committed, so the Rust build needs no
// npm): pocket.js (one minified IIFE with age-encryption bundled in), pocket.css and shell.html,
// which the core fills in with the plan. `npm run build:pocket`; scripts/test.sh checks that the
// committed files are what this makes.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '../../assets/pocket');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(here, 'main.ts')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2022'],
  legalComments: 'none',
  charset: 'utf8',
  outfile: join(out, 'pocket.js'),
});
copyFileSync(join(here, 'pocket.css'), join(out, 'pocket.css'));
copyFileSync(join(here, 'shell.html'), join(out, 'shell.html'));
