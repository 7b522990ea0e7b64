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

export async function loadCore() {
  const [display, validator] = await Promise.all(
    ['appnotify.wasm', 'appnotify-validate.wasm'].map((name) => instantiate(readFileSync(path.join(wasmDir, name)))),
  );
  return { ...displayCore(display), ...validatorCore(validator), engines: engineFactory(display) };
}
