// Builds the package into web/dist/: appnotify.mjs (ES module), appnotify.js (classic script with
// the global AppNotify), appnotify-xrm.mjs (Xrm.WebApi, fetched when a page first calls it),
// appnotify-locale-<tag>.mjs (the built-in languages besides English, each fetched by a center in it),
// appnotify.wasm (the display core), appnotify-entities.json (its named references),
// appnotify-validate.wasm (the validator) and appnotify.d.ts. Needs the wasm build (scripts/build).
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';
import { minify } from 'terser';

const web = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(web, 'dist');
const wasmDir = path.join(web, '../build/wasm/wasm');
mkdirSync(dist, { recursive: true });

// The center's styles are written readable in a template literal; the package carries them minified.
const minifiedStyles = {
  name: 'minified-styles',
  setup(builder) {
    builder.onLoad({ filter: /center[\\/]styles\.js$/ }, async (args) => {
      const { STYLES } = await import(args.path);
      const { code } = await transform(STYLES, { loader: 'css', minify: true, target: ['chrome120'] });
      return { contents: `export const STYLES = ${JSON.stringify(code.trim())};`, loader: 'js' };
    });
  },
};

const common = {
  plugins: [minifiedStyles],
  bundle: true,
  minify: true,
  target: ['es2022'],
  external: ['node:*'],
  legalComments: 'none',
  logLevel: 'warning',
};
await build({
  ...common,
  entryPoints: [path.join(web, 'src/browser.js')],
  format: 'esm',
  outfile: path.join(dist, 'appnotify.mjs'),
});
await build({
  ...common,
  entryPoints: [path.join(web, 'src/classic-entry.js')],
  format: 'iife', // classic-entry.js sets the global AppNotify
  outfile: path.join(dist, 'appnotify.js'),
  logOverride: { 'empty-import-meta': 'silent' },
});
// Xrm.WebApi's implementation, fetched by a page the first time it calls it (src/xrm.js).
await build({
  ...common,
  entryPoints: [path.join(web, 'src/xrm-webapi.js')],
  format: 'esm',
  outfile: path.join(dist, 'appnotify-xrm.mjs'),
});
// The built-in languages besides English, fetched only by a center in one of them.
const locales = readdirSync(path.join(web, 'src/locales')).map((file) => file.replace(/\.js$/, ''));
for (const locale of locales) {
  await build({
    ...common,
    entryPoints: [path.join(web, 'src/locales', `${locale}.js`)],
    format: 'esm',
    outfile: path.join(dist, `appnotify-locale-${locale}.mjs`),
  });
}
// esbuild bundles and minifies; terser's further passes take about 2% more off both scripts.
for (const [name, module] of [
  ['appnotify.mjs', true],
  ['appnotify.js', false],
  ['appnotify-xrm.mjs', true],
  ...locales.map((locale) => [`appnotify-locale-${locale}.mjs`, true]),
]) {
  const file = path.join(dist, name);
  const { code } = await minify(readFileSync(file, 'utf8'), {
    module,
    ecma: 2022,
    compress: { passes: 3 },
    format: { comments: false },
  });
  writeFileSync(file, code);
}
for (const name of ['appnotify.wasm', 'appnotify-validate.wasm', 'appnotify-entities.json'])
  copyFileSync(path.join(wasmDir, name), path.join(dist, name));
copyFileSync(path.join(web, 'src/appnotify.d.ts'), path.join(dist, 'appnotify.d.ts'));
