// The package's main part (dist/appnotify-main.mjs), which both entries fetch once
// (common/package-files.js): the wasm core's loader and the center at work. What every page parses
// before its first frame, the public API and the bell (api/index.js, bell/element.js), stays out of it.
import { loadCore, loadEntities, loadValidator } from '../wasm/loader.js';

export { loadValidator };
export { CenterSession } from './session.js';

/** The core with the validator (and, under node, the named references' table): what ready() resolves. */
export async function loadWholeCore(options) {
  const [display, validator] = await Promise.all([loadCore(options), loadValidator(options), loadEntities(options)]);
  return { ...display, ...validator };
}
