// Entry of the classic script (dist/appnotify.js): classic.js first, so that the .wasm URL is known.
import { offerXrmGlobal } from './classic.js';
import { Xrm } from './browser.js';

offerXrmGlobal(Xrm);

export * from './browser.js';
