// What a page downloads, gzip -9, for both ways of loading the package (the CSS lives in the JS).
// Deterministic, so a test is right here. Two budgets, so that features have room and a page stays light:
//   - Before the user opens the center: the script, the main part and appnotify.wasm (rendering, the
//     URL policy, the center engine): at most 60 kB.
//   - Everything a center can ever load: that, the panel part (fetched at the first open) and the
//     largest of the built-in languages: at most 80 kB.
//     Named references ("&copy;") add nothing: the browser decodes them for the renderer
//     (core/include/appnotify/html_entities.h), and the package test in Chromium checks that
//     appnotify-entities.json is never fetched.
//   - A page that validates too (ready(), Xrm.WebApi.createRecord) also downloads
//     appnotify-validate.wasm, the validator the server runs.
// docs/benchmarks.md ("Package size") says where the bytes are and what each step saved.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');
const BUDGET = 60_000;
const CENTER_CEILING = 80_000;
const VALIDATOR_CEILING = 54_500;

const gzipped = (name) => gzipSync(readFileSync(path.join(dist, name)), { level: 9 }).length;

for (const script of ['appnotify.mjs', 'appnotify.js']) {
  test(`a page with a center loading ${script} downloads at most ${BUDGET} bytes gzip before it is opened`, () => {
    const parts = {
      [script]: gzipped(script),
      'appnotify-main.mjs': gzipped('appnotify-main.mjs'),
      'appnotify.wasm': gzipped('appnotify.wasm'),
    };
    const total = Object.values(parts).reduce((sum, n) => sum + n, 0);
    console.log(
      `${script} + appnotify-main.mjs + appnotify.wasm: ${JSON.stringify(parts)} = ${total} bytes gzip (budget ${BUDGET})`,
    );
    assert.ok(total <= BUDGET, `${total} bytes gzip exceed the budget of ${BUDGET}: ${JSON.stringify(parts)}`);
  });
}

const largestLocale = Math.max(
  ...readdirSync(dist)
    .filter((name) => name.startsWith('appnotify-locale-'))
    .map(gzipped),
);

for (const script of ['appnotify.mjs', 'appnotify.js']) {
  test(`everything a center loading ${script} can load is at most ${CENTER_CEILING} bytes gzip`, () => {
    const parts = {
      [script]: gzipped(script),
      'appnotify-main.mjs': gzipped('appnotify-main.mjs'),
      'appnotify.wasm': gzipped('appnotify.wasm'),
      'appnotify-panel.mjs': gzipped('appnotify-panel.mjs'),
      'the largest locale': largestLocale,
    };
    const total = Object.values(parts).reduce((sum, n) => sum + n, 0);
    console.log(`a center's every part: ${JSON.stringify(parts)} = ${total} bytes gzip (ceiling ${CENTER_CEILING})`);
    assert.ok(total <= CENTER_CEILING, `${total} bytes gzip exceed ${CENTER_CEILING}: ${JSON.stringify(parts)}`);
  });
}

test(`the validator adds at most ${VALIDATOR_CEILING} bytes gzip, only to pages that validate`, () => {
  const validator = gzipped('appnotify-validate.wasm');
  console.log(`appnotify-validate.wasm: ${validator} bytes gzip`);
  assert.ok(validator <= VALIDATOR_CEILING, `${validator} bytes gzip exceed ${VALIDATOR_CEILING}`);
});
