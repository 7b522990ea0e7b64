// Builds the package into web/dist/: appnotify.mjs (ES module), appnotify.js (classic script with
// the global AppNotify), both only the API and the bell, appnotify-main.mjs (the center at work, which
// both fetch after the page's first frame), appnotify-panel.mjs (the panel and its list, fetched at
// the first open), appnotify-xrm.mjs (Xrm.WebApi, fetched when a page first calls it),
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

// The center's style sheets are written readable in template literals; the package carries them minified.
const minifiedStyles = {
  name: 'minified-styles',
  setup(builder) {
    builder.onLoad({ filter: /bell[\\/]styles\.js$/ }, async (args) => {
      const sheets = await import(args.path);
      let contents = '';
      for (const [name, css] of Object.entries(sheets)) {
        const { code } = await transform(css, { loader: 'css', minify: true, target: ['chrome120'] });
        // esbuild keeps the space after a custom property's colon; CSS drops it anyway.
        const tight = code.trim().replace(/(--[\w-]+): /g, '$1:');
        contents += `export const ${name} = ${JSON.stringify(tight)};\n`;
      }
      return { contents, loader: 'js' };
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
// One entry of src/ bundled into dist/.
const bundle = (entry, outfile, options = {}) =>
  build({
    ...common,
    format: 'esm',
    entryPoints: [path.join(web, 'src', entry)],
    outfile: path.join(dist, outfile),
    ...options,
  });

await bundle('api/entry-module.js', 'appnotify.mjs');
// entry-classic.js sets the global AppNotify.
await bundle('api/entry-classic.js', 'appnotify.js', {
  format: 'iife',
  logOverride: { 'empty-import-meta': 'silent' },
});
// The package's main part, which both scripts fetch after the page's first frame (src/common/package-files.js).
await bundle('center/main.js', 'appnotify-main.mjs');
// The center's panel (its list and settings), fetched at the first open (src/center/session.js).
await bundle('center/panel.js', 'appnotify-panel.mjs');
// Xrm.WebApi's implementation, fetched by a page the first time it calls it (src/api/xrm.js).
await bundle('api/xrm-webapi.js', 'appnotify-xrm.mjs');
// The built-in languages besides English, fetched only by a center in one of them.
const locales = readdirSync(path.join(web, 'src/i18n/locales')).map((file) => file.replace(/\.js$/, ''));
for (const locale of locales) await bundle(`i18n/locales/${locale}.js`, `appnotify-locale-${locale}.mjs`);
// esbuild bundles and minifies; terser's further passes take about 2% more off both scripts.
for (const [name, module] of [
  ['appnotify.mjs', true],
  ['appnotify.js', false],
  ['appnotify-main.mjs', true],
  ['appnotify-panel.mjs', true],
  ['appnotify-xrm.mjs', true],
  ...locales.map((locale) => [`appnotify-locale-${locale}.mjs`, true]),
]) {
  const file = path.join(dist, name);
  const { code } = await minify(readFileSync(file, 'utf8'), {
    module,
    ecma: 2022,
    // inline: 1 inlines only functions without parameters: a call inlined into import() comes out as
    // a sequence without parentheses, import(x = name, url(x)), which reads as import(specifier, options).
    compress: { passes: 3, inline: 1 },
    format: { comments: false },
  });
  writeFileSync(file, code);
}
for (const name of ['appnotify.wasm', 'appnotify-validate.wasm', 'appnotify-entities.json'])
  copyFileSync(path.join(wasmDir, name), path.join(dist, name));
copyFileSync(path.join(web, 'src/api/appnotify.d.ts'), path.join(dist, 'appnotify.d.ts'));
