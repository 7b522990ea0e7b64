// Loads the wasm build of the core under node, wrapped by the package's own JS layer
// (web/src/core.js), so these tests exercise what the browser runs. Emscripten 3.1.6's glue would
// fetch() the .wasm by file path, which node's fetch refuses, so the bytes are handed over.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { wrapCore } from '../../web/src/core.js';
import { engineFactory } from '../../web/src/engine.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const wasmDir = process.env.APPNOTIFY_WASM_DIR || path.join(root, 'build/wasm/wasm');

export async function loadCore() {
  const require = createRequire(import.meta.url);
  const createAppNotifyCore = require(path.join(wasmDir, 'appnotify_core.js'));
  const module = await createAppNotifyCore({ wasmBinary: readFileSync(path.join(wasmDir, 'appnotify_core.wasm')) });
  return { ...wrapCore(module), engines: engineFactory(module) };
}
