// Loads the wasm build of the core under node, wrapped by the package's own JS layer
// (web/src/wasm.js, core.js, engine.js), so these tests exercise what the browser runs: both
// modules, the display core and the validator, as one object.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { displayCore, validatorCore } from '../../web/src/core.js';
import { engineFactory } from '../../web/src/engine.js';
import { instantiate } from '../../web/src/wasm.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const wasmDir = process.env.APPNOTIFY_WASM_DIR || path.join(root, 'build/wasm/wasm');

/**
 * Fresh instances of both modules. With `entities` (the default) the named references' table is
 * installed, as ready() does; without it, the display core is as a page's center first loads it.
 */
export async function loadCore({ entities = true } = {}) {
  const [display, validator] = await Promise.all(
    ['appnotify.wasm', 'appnotify-validate.wasm'].map((name) => instantiate(readFileSync(path.join(wasmDir, name)))),
  );
  const core = { ...displayCore(display), ...validatorCore(validator), engines: engineFactory(display) };
  if (entities && !core.installEntities(readFileSync(path.join(wasmDir, 'appnotify-entities.txt'), 'utf8'))) {
    throw new Error('appnotify-entities.txt was not accepted');
  }
  return core;
}
