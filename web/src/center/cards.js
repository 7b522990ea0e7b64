// A notification as the center and the toasts draw it: the icon, then the title and body as the
// core's sanitized HTML of the markdown in data (cached per record version), else the plain columns
// as text. Only the core's HTML is ever inserted as markup; plain text goes in as text.
import { PRIORITY_HIGH } from '../common/option-sets.js';
import { iconElement } from '../bell/icons.js';

function parseData(record) {
  if (typeof record.data !== 'string' || record.data === '') return {};
  try {
    const data = JSON.parse(record.data);
    return data && typeof data === 'object' && !Array.isArray(data) ? data : {};
  } catch {
    return {};
  }
}

export class Cards {
  /** `session`: its core (renderMarkdown, safeImageUrl) and appBase, once loaded. */
  constructor(session) {
    this.session = session;
    this.rendered = new Map(); // id -> {key, title, body, iconUrl, actions}
  }

  /** The record's title and body as the core's HTML (markdown from data when present), its icon and actions. */
  content(record) {
    const key = record['@odata.etag'] ?? record.modifiedon ?? '';
    const cached = this.rendered.get(record.appnotificationid);
    if (cached && cached.key === key) return cached;
    const { core, options } = this.session;
    const data = parseData(record);
    const title = typeof data.title === 'string' ? core.renderMarkdown(data.title) : null;
    const body = typeof data.body === 'string' ? core.renderMarkdown(data.body) : null;
    const iconUrl = typeof data.iconUrl === 'string' ? core.safeImageUrl(data.iconUrl) : '';
    const actions = Array.isArray(data.actions) ? data.actions.filter((a) => a && typeof a === 'object') : [];
    const entry = { key, title, body, iconUrl: iconUrl ? new URL(iconUrl, options.appBase).href : '', actions };
    this.rendered.set(record.appnotificationid, entry);
    return entry;
  }

  forget(id) {
    this.rendered.delete(id);
  }

  /** A card element of `className` ('item' or 'toast'). */
  card(record, className) {
    const element = document.createElement('div');
    element.className = className + (record.priority === PRIORITY_HIGH ? ' high' : '');
    const content = this.content(record);
    element.append(iconElement(document, record.icontype, content.iconUrl));
    const title = document.createElement('div');
    title.className = 'title';
    if (content.title) title.innerHTML = content.title.html;
    else title.textContent = record.title ?? '';
    const body = document.createElement('div');
    body.className = 'body';
    if (content.body) body.innerHTML = content.body.html;
    else body.textContent = record.body ?? '';
    element.append(title, body);
    return element;
  }
}
