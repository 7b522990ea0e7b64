// Loads the wasm core once per page (or node process): the package hands the Emscripten factory the
// .wasm itself, streamed and compiled in browsers, read from disk under node.
import createAppNotifyCore from '../../build/wasm/wasm/appnotify_web.js';
import { wrapCore } from './core.js';
import { engineFactory } from './engine.js';

let loading = null;

// Where the .wasm lies: beside this module (ESM), or beside the classic script (see classic.js).
function defaultWasmUrl() {
  if (globalThis.__appnotifyScriptUrl) return new URL('appnotify.wasm', globalThis.__appnotifyScriptUrl).href;
  return new URL('appnotify.wasm', import.meta.url).href;
}

async function moduleOptions(wasmUrl) {
  const isNode = typeof process === 'object' && process.versions?.node && typeof window === 'undefined';
  if (isNode) {
    const { readFile } = await import('node:fs/promises');
    const { fileURLToPath } = await import('node:url');
    return { wasmBinary: await readFile(wasmUrl.startsWith('file:') ? fileURLToPath(wasmUrl) : wasmUrl) };
  }
  return {
    instantiateWasm(imports, done) {
      const response = fetch(wasmUrl, { credentials: 'same-origin' });
      WebAssembly.instantiateStreaming(response, imports)
        .catch(async () => WebAssembly.instantiate(await (await fetch(wasmUrl)).arrayBuffer(), imports))
        .then(({ instance, module }) => done(instance, module));
      return {};
    },
  };
}

/** Resolves with the core ({validateNotification, renderMarkdown, ..., engines}) once it is loaded. */
export function loadCore({ wasmUrl } = {}) {
  if (!loading) {
    loading = moduleOptions(wasmUrl ?? defaultWasmUrl())
      .then((options) => createAppNotifyCore(options))
      .then((module) => ({ ...wrapCore(module), engines: engineFactory(module) }));
  }
  return loading;
}
