// appnotify: in-app notifications for any web page. The package's public API (see README.md and docs/api.md):
//   ready(), validateNotification(payload), renderMarkdown(text), createNotificationCenter(options),
//   Xrm.WebApi.{createRecord, retrieveRecord, retrieveMultipleRecords, updateRecord, deleteRecord}.
// This part is what a page parses before its first frame; the rest comes with the package's main
// part (center/main.js), fetched after it.
import { loadMain } from '../common/package-files.js';
import { configureXrm, WebApi } from './xrm.js';

let core = null;

/**
 * Resolves when the wasm core is loaded, validator included (and, under node, the named references'
 * table: a browser decodes them itself); the synchronous functions below need it. (A page that only
 * shows a center never calls it, and never downloads the validator.)
 */
export async function ready(options) {
  core = await (await loadMain()).loadWholeCore(options);
  return core;
}

function loaded() {
  if (!core) throw new Error('appnotify: await AppNotify.ready() first');
  return core;
}

/** {ok, errors: [{code, path, message}], warnings, value} for a create payload (object or JSON text). */
export const validateNotification = (payload) => loaded().validateNotification(payload);

/** {html, text}: the allow-listed HTML of notification markdown, and its plain text. */
export const renderMarkdown = (text) => loaded().renderMarkdown(text);

/**
 * Puts a notification center (bell, center, toasts) into the page.
 * @param {{baseUrl: string, getToken: ({forceRefresh}) => string | Promise<string>, mount?: Element, appBase?: string,
 *          locale?: string, theme?: 'light'|'dark'|'system', position?: string, strings?: object}} options
 */
export function createNotificationCenter(options) {
  const element = document.createElement('appnotify-center');
  element.configure(options);
  configureXrm({ baseUrl: options.baseUrl, getToken: options.getToken });
  (options.mount ?? document.body).append(element);
  return element;
}

export const Xrm = { WebApi, configure: configureXrm };
