// Loads the wasm build of the core under node. Emscripten 3.1.6's glue would fetch() the .wasm by
// file path, which node's fetch refuses, so the bytes are handed over as wasmBinary.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const wasmDir = process.env.APPNOTIFY_WASM_DIR || path.join(root, 'build/wasm/wasm');

export async function loadCore() {
  const require = createRequire(import.meta.url);
  const createAppNotifyCore = require(path.join(wasmDir, 'appnotify_core.js'));
  return createAppNotifyCore({ wasmBinary: readFileSync(path.join(wasmDir, 'appnotify_core.wasm')) });
}

// The raw renderer answers "html\0text" per text, NUL-separated for a batch.
export function splitRendered(raw) {
  const parts = raw.split('\0');
  const out = [];
  for (let i = 0; i < parts.length; i += 2) out.push({ html: parts[i], text: parts[i + 1] });
  return out;
}
