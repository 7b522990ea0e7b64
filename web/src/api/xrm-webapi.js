// AppNotify.Xrm.WebApi's implementation (dist/appnotify-xrm.mjs, fetched the first time a page
// calls it; xrm.js is what every page carries): the Xrm client API's record methods for entity
// "appnotification", over the same Web API, validating with the core before anything is sent (the
// server validates again with the same code). Promises resolve and reject as Xrm's do: {id,
// entityType}; errors carry a code and a message (and the core's problems when validation failed).
// Each method takes first what the page's package gives it: {settings, loadValidator}.
import { apiBase, authorizedFetch } from '../transport/authorized-fetch.js';

const ENTITY = 'appnotification';

class XrmError extends Error {
  constructor(code, message, problems = []) {
    super(message);
    this.name = 'XrmError';
    this.errorCode = code;
    this.code = code;
    this.problems = problems;
  }
}

async function request({ settings }, method, path, body, headers = {}) {
  if (!settings)
    throw new XrmError('appnotify.not_configured', 'Call AppNotify.Xrm.configure({baseUrl, getToken}) first.');
  const response = await authorizedFetch(
    settings.getToken,
    `${apiBase(settings.baseUrl)}/${path}`,
    { method, body: body === undefined ? undefined : JSON.stringify(body) },
    {
      'OData-MaxVersion': '4.0',
      'OData-Version': '4.0',
      ...(body !== undefined ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
      ...headers,
    },
  );
  if (response.ok) return response;
  let error = {};
  try {
    error = (await response.json()).error ?? {};
  } catch {
    // not JSON
  }
  throw new XrmError(
    error.code ?? `http.${response.status}`,
    error.message ?? response.statusText,
    error.appnotify?.problems,
  );
}

function checkEntity(entityLogicalName) {
  if (entityLogicalName !== ENTITY) {
    throw new XrmError('appnotify.entity', `Only the "${ENTITY}" entity is served here, not "${entityLogicalName}".`);
  }
}

const idOf = (value) => String(value).replace(/[{}]/g, '').toLowerCase();

export const WebApi = {
  async createRecord(page, entityLogicalName, data) {
    checkEntity(entityLogicalName);
    const validator = await page.loadValidator();
    const result = validator.validateNotification(data);
    if (!result.ok) throw new XrmError(result.errors[0].code, result.errors[0].message, result.errors);
    const response = await request(page, 'POST', 'appnotifications', data);
    const id = /\(([0-9a-f-]{36})\)/i.exec(response.headers.get('OData-EntityId') ?? '')?.[1];
    return { id, entityType: ENTITY };
  },
  async retrieveRecord(page, entityLogicalName, id, options = '') {
    checkEntity(entityLogicalName);
    const response = await request(page, 'GET', `appnotifications(${idOf(id)})${options}`);
    return response.json();
  },
  async retrieveMultipleRecords(page, entityLogicalName, options = '', maxPageSize) {
    checkEntity(entityLogicalName);
    const headers = maxPageSize ? { Prefer: `odata.maxpagesize=${maxPageSize}` } : {};
    const response = await request(page, 'GET', `appnotifications${options}`, undefined, headers);
    const result = await response.json();
    return { entities: result.value, nextLink: result['@odata.nextLink'] };
  },
  async updateRecord(page, entityLogicalName, id, data) {
    checkEntity(entityLogicalName);
    await request(page, 'PATCH', `appnotifications(${idOf(id)})`, data, { 'If-Match': '*' });
    return { id: idOf(id), entityType: ENTITY };
  },
  async deleteRecord(page, entityLogicalName, id) {
    checkEntity(entityLogicalName);
    await request(page, 'DELETE', `appnotifications(${idOf(id)})`);
    return { id: idOf(id), entityType: ENTITY };
  },
};
