// The package's main part (dist/appnotify-main.mjs), which both entries fetch once (files.js): the
// wasm core's loader and the center's workings. What every page parses before its first frame, the
// public API and the bell (index.js, center/element.js), stays out of it.
import { loadCore, loadEntities, loadValidator } from '../wasm/loader.js';

export { loadValidator };
export { CenterMethods } from './center.js';

/** The core with the validator (and, under node, the named references' table): what ready() resolves. */
export async function loadWholeCore(options) {
  const [display, validator] = await Promise.all([loadCore(options), loadValidator(options), loadEntities(options)]);
  return { ...display, ...validator };
}
