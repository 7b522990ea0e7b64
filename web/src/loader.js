// Loads the wasm core once per page (or node process): the display module (appnotify.wasm) for
// every center, the validator module (appnotify-validate.wasm) only when something validates.
// Both lie beside this module (ESM) or beside the classic script (see classic.js); browsers stream
// and compile them, node reads them from disk.
import { displayCore, validatorCore } from './core.js';
import { engineFactory } from './engine.js';
import { instantiate } from './wasm.js';

const DISPLAY = 'appnotify.wasm';
const VALIDATOR = 'appnotify-validate.wasm';

const base = () => globalThis.__appnotifyScriptUrl ?? import.meta.url;
const isNode = () => typeof process === 'object' && process.versions?.node && typeof window === 'undefined';

async function load(url) {
  if (isNode()) {
    const { readFile } = await import('node:fs/promises');
    const { fileURLToPath } = await import('node:url');
    return instantiate(await readFile(url.startsWith('file:') ? fileURLToPath(url) : url));
  }
  try {
    return await instantiate(fetch(url, { credentials: 'same-origin' }));
  } catch {
    // Served without Content-Type: application/wasm, which streaming compilation requires.
    const response = await fetch(url, { credentials: 'same-origin' });
    return instantiate(await response.arrayBuffer());
  }
}

let display = null;
let validator = null;
let displayUrl; // the wasmUrl the display core came from: the validator lies beside it by default

/**
 * Resolves with the display core ({renderMarkdown, safeLinkUrl, ..., engines}) once it is loaded.
 * @param {{wasmUrl?: string}} [options] where appnotify.wasm lies, when not beside the script
 */
export function loadCore({ wasmUrl } = {}) {
  if (!display) {
    displayUrl = wasmUrl;
    display = load(wasmUrl ?? new URL(DISPLAY, base()).href).then((wasm) => ({
      ...displayCore(wasm),
      engines: engineFactory(wasm),
    }));
  }
  return display;
}

/**
 * Resolves with the validator ({validateNotification, validateSendAppNotification}).
 * @param {{wasmUrl?: string, validatorUrl?: string}} [options] validatorUrl defaults to
 *   appnotify-validate.wasm beside wasmUrl (or the display core's), or beside the script
 */
export function loadValidator({ wasmUrl = displayUrl, validatorUrl } = {}) {
  validator ??= load(validatorUrl ?? new URL(VALIDATOR, wasmUrl ? new URL(wasmUrl, base()) : base()).href).then(
    validatorCore,
  );
  return validator;
}
