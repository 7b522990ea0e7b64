// Loads the wasm core once per page (or node process): the display module (appnotify.wasm) for
// every center, the validator module (appnotify-validate.wasm) only when something validates, and,
// where no browser decodes named references (node, workers), appnotify-entities.json in ready(). All
// lie beside this module (ESM) or beside the classic script (see api/classic-queue.js); browsers stream and
// compile the modules, node reads the files from disk.
import { displayCore, validatorCore } from './core.js';
import { browserEntity, tableDecoder } from './entities.js';
import { engineFactory } from './engine.js';
import { scriptBase } from '../common/package-files.js';
import { instantiate } from './instantiate.js';

const DISPLAY = 'appnotify.wasm';
const VALIDATOR = 'appnotify-validate.wasm';
const ENTITIES = 'appnotify-entities.json';

const isNode = () => typeof process === 'object' && process.versions?.node && typeof window === 'undefined';
const hasDom = () => typeof document === 'object';

// Node's modules without import() (node 20.16 or later): the classic script's bundle then needs no
// CommonJS interop for them, which would cost every page 0.4 kB.
function readNodeFile(url, encoding) {
  const { readFile } = process.getBuiltinModule('node:fs/promises');
  const { fileURLToPath } = process.getBuiltinModule('node:url');
  return readFile(url.startsWith('file:') ? fileURLToPath(url) : url, encoding);
}

// A text file: read from disk under node, fetched in browsers.
async function readText(url) {
  if (isNode()) return readNodeFile(url, 'utf8');
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`appnotify: ${url} answered ${response.status}`);
  return response.text();
}

// A wasm module, instantiated: read from disk under node, streamed and compiled in browsers.
async function load(url) {
  if (isNode()) return instantiate(await readNodeFile(url));
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
let entities = null;
let displayUrl; // the wasmUrl the display core came from: the other files lie beside it by default
const beside = (name, wasmUrl) => new URL(name, wasmUrl ? new URL(wasmUrl, scriptBase()) : scriptBase()).href;

/**
 * Resolves with the display core ({renderMarkdown, safeLinkUrl, ..., engines}) once it is loaded.
 * @param {{wasmUrl?: string}} [options] where appnotify.wasm lies, when not beside the script
 */
export function loadCore({ wasmUrl } = {}) {
  if (!display) {
    displayUrl = wasmUrl;
    display = load(wasmUrl ?? beside(DISPLAY)).then((wasm) => {
      const core = { ...displayCore(wasm), engines: engineFactory(wasm) };
      if (hasDom()) core.useEntityDecoder(browserEntity);
      return core;
    });
  }
  return display;
}

/**
 * Resolves with the validator ({validateNotification, validateSendAppNotification}).
 * @param {{wasmUrl?: string, validatorUrl?: string}} [options] validatorUrl defaults to
 *   appnotify-validate.wasm beside wasmUrl (or the display core's), or beside the script
 */
export function loadValidator({ wasmUrl = displayUrl, validatorUrl } = {}) {
  validator ??= load(validatorUrl ?? beside(VALIDATOR, wasmUrl)).then(validatorCore);
  return validator;
}

/**
 * Where no browser decodes named references (node, workers), reads appnotify-entities.json and decodes
 * them from it, once; resolves when the display core decodes them. A failure (the file could not be
 * read, or is not the table) rejects, and the next call tries again.
 * @param {{wasmUrl?: string, entitiesUrl?: string}} [options] entitiesUrl defaults to
 *   appnotify-entities.json beside wasmUrl (or the display core's), or beside the script
 */
export function loadEntities({ wasmUrl = displayUrl, entitiesUrl } = {}) {
  const core = loadCore({ wasmUrl });
  if (hasDom()) return core;
  if (!entities) {
    const url = entitiesUrl ?? beside(ENTITIES, wasmUrl);
    entities = Promise.all([core, readText(url)]).then(([display, text]) => {
      let table = null;
      try {
        table = JSON.parse(text);
      } catch {
        // not JSON: refused below
      }
      if (typeof table?.amp !== 'string') throw new Error(`appnotify: ${url} is not the named references' table`);
      display.useEntityDecoder(tableDecoder(table));
    });
    entities.catch(() => (entities = null));
  }
  return entities;
}
