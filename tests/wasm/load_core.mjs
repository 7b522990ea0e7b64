// Loads the wasm build of the core under node, wrapped by the package's own JS layer
// (web/src/wasm/instantiate.js, core.js, engine.js), so these tests exercise what the browser runs: both
// modules, the display core and the validator, as one object.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { displayCore, renderTexts, validatorCore } from '../../web/src/wasm/core.js';
import { tableDecoder } from '../../web/src/wasm/entities.js';
import { engineFactory } from '../../web/src/wasm/engine.js';
import { instantiate } from '../../web/src/wasm/instantiate.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const wasmDir = process.env.APPNOTIFY_WASM_DIR || path.join(root, 'build/wasm/wasm');

/** The names and their characters, as appnotify-entities.json holds them. */
export const entityTable = JSON.parse(readFileSync(path.join(wasmDir, 'appnotify-entities.json'), 'utf8'));
const tableEntity = tableDecoder(entityTable);

/**
 * Fresh instances of both modules. With `entities` (the default) named references are decoded from
 * appnotify-entities.json, as ready() does under node; without, the display core cannot decode them.
 * With `resolveEntity`, the display module asks it instead, as it asks the browser in a page.
 */
export async function loadCore({ entities = true, resolveEntity } = {}) {
  const [display, validator] = await Promise.all(
    ['appnotify.wasm', 'appnotify-validate.wasm'].map((name) => instantiate(readFileSync(path.join(wasmDir, name)))),
  );
  const core = { ...displayCore(display), ...validatorCore(validator), engines: engineFactory(display) };
  // Many texts in one crossing of the boundary, for the corpus-wide tests (the package renders one at a time).
  core.renderMarkdownBatch = (texts) => renderTexts(display, texts.map(String), false);
  if (resolveEntity) core.useEntityDecoder(resolveEntity);
  else if (entities) core.useEntityDecoder(tableEntity);
  return core;
}
