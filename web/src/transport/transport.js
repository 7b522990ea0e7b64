// The center's connection to appnotifyd (or any Web API with the same shape): the full list with
// paging, then only what changed since (OData change tracking: delta links), the push stream read
// with fetch (so the Authorization header works), reconnecting with backoff and jitter and resuming
// by event id, polling as a fallback and on focus/online (a focus while the stream is live
// downloads nothing), and the DELETE requests of dismissals. A 401 asks getToken for a fresh token
// ({forceRefresh: true}) and tries once more with it, as MSAL and oidc-client-ts hand out tokens
// that expire (authorized-fetch.js). It reads the clock only to space retries and to tell a live
// stream from a quiet one.
import { apiBase, authorizedFetch } from './authorized-fetch.js';

const STREAM_PATH = '/api/appnotify/v1/stream';
// Three of appnotifyd's default heartbeats (15 s): a stream silent for longer is taken for dead
// (a laptop that slept, a proxy that dropped it without a word).
const QUIET_STREAM_MS = 45000;
const PAGE = 'odata.maxpagesize=1000';

export class Transport {
  constructor({ baseUrl, getToken, onList, onCreated, onDeleted, onStatus, pollIntervalMs = 60000 }) {
    // Absolute: a relative baseUrl ("/api/data/v9.2") cannot be a base for new URL(STREAM_PATH, ...).
    this.baseUrl = apiBase(baseUrl);
    this.getToken = getToken;
    this.on = { onList, onCreated, onDeleted, onStatus };
    this.pollIntervalMs = pollIntervalMs;
    this.lastEventId = null;
    this.attempt = 0;
    this.stopped = false;
    this.streaming = false;
    this.controller = null;
    this.lastByteAt = 0; // when the stream last sent anything, heartbeats included
    this.listDownloads = 0; // full list downloads begun (what a focus must not cost while live)
    this.deltaDownloads = 0; // reads of what changed since the last one (OData delta links)
    this.deltaLink = null;
    this.tracking = true; // until the server refuses Prefer: odata.track-changes
  }

  start() {
    this.onFocus = () => this.wake();
    this.onOnline = () => this.refresh();
    globalThis.addEventListener?.('focus', this.onFocus);
    globalThis.addEventListener?.('online', this.onOnline);
    this.pollTimer = setInterval(() => {
      if (!this.streaming) this.refresh();
    }, this.pollIntervalMs);
    this.refresh();
    this.connect();
  }

  stop() {
    this.stopped = true;
    this.controller?.abort();
    clearInterval(this.pollTimer);
    clearTimeout(this.reconnectTimer);
    globalThis.removeEventListener?.('focus', this.onFocus);
    globalThis.removeEventListener?.('online', this.onOnline);
  }

  // The window took focus: a live stream has already delivered everything, so nothing to do. A
  // stream quiet for too long is dropped: it reconnects, resumes and then reads what changed.
  wake() {
    if (!this.streaming) this.refresh();
    else if (Date.now() - this.lastByteAt >= QUIET_STREAM_MS) this.controller?.abort();
  }

  // Brings the list up to date: what changed since the last download when the server tracks
  // changes (OData delta links, as Dataverse), otherwise the whole list.
  async refresh() {
    if (this.stopped) return;
    try {
      if (!this.deltaLink || !(await this.readChanges())) await this.download();
      this.on.onStatus(this.streaming ? 'live' : 'polling');
    } catch {
      this.on.onStatus(globalThis.navigator?.onLine === false ? 'offline' : 'unavailable');
    }
  }

  // Every page of a GET that may go on with @odata.nextLink; `each` sees each page. Answers the last
  // page's @odata.deltaLink (or null), or the failed response.
  async readPages(url, prefer, each) {
    while (url) {
      const response = await authorizedFetch(this.getToken, url, {}, { Prefer: prefer });
      if (!response.ok) return { failed: response };
      const page = await response.json();
      each(page, response);
      url = page['@odata.nextLink'] ?? null;
      if (!url) return { deltaLink: page['@odata.deltaLink'] ?? null };
    }
  }

  // The whole list, with change tracking asked for; the server's Date header estimates server time.
  async download() {
    this.listDownloads += 1;
    const streamingBefore = this.streaming;
    const items = [];
    let serverNow = Date.now();
    const collect = (page, response) => {
      const date = Date.parse(response.headers.get('date') ?? '');
      if (Number.isFinite(date)) serverNow = date;
      items.push(...page.value);
    };
    const url = `${this.baseUrl}/appnotifications`;
    let read = this.tracking ? await this.readPages(url, `odata.track-changes,${PAGE}`, collect) : null;
    if (read?.failed?.status === 400) this.tracking = false; // a service that cannot track this collection
    if (!this.tracking) {
      items.length = 0;
      read = await this.readPages(url, PAGE, collect);
    }
    if (read.failed) throw new Error(`list: ${read.failed.status}`);
    this.deltaLink = read.deltaLink;
    this.on.onList(items, serverNow);
    // The stream started while this list was on its way: what was created between the list's reading
    // and the stream's start is in neither, so the changes since the list are read once.
    if (!streamingBefore && this.streaming && this.deltaLink) await this.readChanges();
  }

  // What changed since the delta link was issued. False when the link expired (410) and the whole
  // list must be read again.
  async readChanges() {
    this.deltaDownloads += 1;
    const read = await this.readPages(this.deltaLink, PAGE, (page) => {
      for (const entry of page.value) {
        if (String(entry['@odata.context'] ?? '').endsWith('$deletedEntity')) this.on.onDeleted(entry.id);
        else this.on.onCreated(entry);
      }
    });
    if (read.failed?.status === 410) {
      this.deltaLink = null;
      return false;
    }
    if (read.failed) throw new Error(`changes: ${read.failed.status}`);
    this.deltaLink = read.deltaLink;
    return true;
  }

  async connect() {
    if (this.stopped) return;
    this.controller = new AbortController();
    try {
      const extra = { Accept: 'text/event-stream' };
      if (this.lastEventId !== null) extra['Last-Event-ID'] = this.lastEventId;
      const response = await authorizedFetch(
        this.getToken,
        new URL(STREAM_PATH, this.baseUrl).href,
        { signal: this.controller.signal },
        extra,
      );
      if (!response.ok || !response.body) throw new Error(`stream: ${response.status}`);
      await this.read(response.body);
    } catch {
      // falls through to the reconnect below
    }
    this.streaming = false;
    if (this.stopped) return;
    this.on.onStatus(globalThis.navigator?.onLine === false ? 'offline' : 'unavailable');
    // Exponential backoff with full jitter, 1 s to 30 s.
    const ceiling = Math.min(30000, 1000 * 2 ** this.attempt);
    this.attempt += 1;
    this.reconnectTimer = setTimeout(() => this.connect(), Math.round(ceiling / 2 + (Math.random() * ceiling) / 2));
  }

  async read(body) {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      this.lastByteAt = Date.now();
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        this.handle(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  }

  handle(block) {
    const event = { id: null, type: 'message', data: '' };
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') event.id = value;
      else if (field === 'event') event.type = value;
      else if (field === 'data') event.data += value;
    }
    if (event.id !== null) this.lastEventId = event.id;
    // Too far behind for a replay (server: over 5,000 events, or older than those kept): what changed
    // is read by the delta link (or a new download) at "ready", which follows.
    if (event.type === 'resync') this.behind = true;
    if (event.type === 'ready') {
      const resumed = this.attempt > 0 || this.behind;
      this.behind = false;
      this.attempt = 0;
      this.streaming = true;
      this.on.onStatus('live');
      // Heal anything a resume could not replay; on the first start, what was created after the list
      // was read and before the stream started.
      if (resumed || this.deltaLink) this.refresh();
      return;
    }
    let data;
    try {
      data = JSON.parse(event.data);
    } catch {
      return;
    }
    if (event.type === 'created' || event.type === 'updated') this.on.onCreated(data);
    else if (event.type === 'deleted') this.on.onDeleted(data.appnotificationid);
  }

  /** DELETE one notification: 'deleted', 'gone' (already absent: as good) or 'failed' (retry later). */
  async deleteRecord(id) {
    try {
      const response = await authorizedFetch(this.getToken, `${this.baseUrl}/appnotifications(${id})`, {
        method: 'DELETE',
      });
      if (response.ok) return 'deleted';
      if (response.status === 404) return 'gone';
      return 'failed';
    } catch {
      return 'failed';
    }
  }
}
