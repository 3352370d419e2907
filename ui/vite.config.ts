import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

/**
 * Writes only the files of `dist/` whose bytes changed, and removes those no longer built. The
 * app embeds `dist/` when it is compiled and cargo compiles it again whenever a file there is
 * newer: an unchanged UI rebuilt (as the test command does every time) must not cost an app
 * build.
 */
function writeOnlyWhatChanged(): Plugin {
  let outDir = '';
  let publicDir = '';
  return {
    name: 'write-only-what-changed',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
      publicDir = config.publicDir;
    },
    generateBundle(_options, bundle) {
      const same = (path: string, bytes: Uint8Array | string) =>
        existsSync(path) && readFileSync(path).equals(Buffer.from(bytes));
      const wanted = new Set(Object.keys(bundle));
      for (const [name, out] of Object.entries(bundle)) {
        const bytes = out.type === 'chunk' ? out.code : out.source;
        if (same(join(outDir, name), bytes)) delete bundle[name];
      }
      for (const name of filesUnder(publicDir)) {
        wanted.add(name);
        const bytes = readFileSync(join(publicDir, name));
        const target = join(outDir, name);
        if (!same(target, bytes)) {
          mkdirSync(dirname(target), { recursive: true });
          writeFileSync(target, bytes);
        }
      }
      for (const name of filesUnder(outDir)) {
        if (!wanted.has(name)) rmSync(join(outDir, name));
      }
    },
  };
}

// The UI is built to static files that Tauri bundles into the app; there is no dev server in
// the product. No inline scripts or styles: the CSP forbids them.
export default defineConfig({
  plugins: [svelte(), writeOnlyWhatChanged()],
  clearScreen: false,
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    copyPublicDir: false,
    target: 'safari15',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
});
