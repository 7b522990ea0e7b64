// Entry of the classic script (dist/appnotify.js): classic.js first, so that the .wasm URL is known.
import './classic.js';

export * from './browser.js';
