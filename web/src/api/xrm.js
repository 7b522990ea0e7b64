// AppNotify.Xrm: where Xrm.WebApi sends requests, and its record methods, which fetch their
// implementation (xrm-webapi.js, dist/appnotify-xrm.mjs, from beside the script) the first time a
// page calls one: a page that only shows a center never downloads it.
import { besideScript, loadMain } from '../common/package-files.js';

const loadValidator = async (options) => (await loadMain()).loadValidator(options);

let settings = null;
let implementation = null;

/** Where Xrm.WebApi sends requests: {baseUrl, getToken}. createNotificationCenter() sets it too. */
export function configureXrm(options) {
  settings = { ...options };
}

const method =
  (name) =>
  async (...args) => {
    implementation ??= import(besideScript('appnotify-xrm.mjs'));
    return (await implementation).WebApi[name]({ settings, loadValidator }, ...args);
  };

export const WebApi = {
  createRecord: method('createRecord'),
  retrieveRecord: method('retrieveRecord'),
  retrieveMultipleRecords: method('retrieveMultipleRecords'),
  updateRecord: method('updateRecord'),
  deleteRecord: method('deleteRecord'),
};
