// Entry of the classic script (dist/appnotify.js): classic-queue.js first, so that the .wasm URL is known.
// The global is a plain object of the public API (a bundler's module namespace would cost every page
// its interop helpers); what the page queued for it runs last (see runQueue).
import { offerXrmGlobal, runQueue } from './classic-queue.js';
import { createNotificationCenter, ready, renderMarkdown, validateNotification, Xrm } from './entry-module.js';

offerXrmGlobal(Xrm);
globalThis.AppNotify = { ready, validateNotification, renderMarkdown, createNotificationCenter, Xrm };
runQueue(globalThis.AppNotify);
