// The notification center engine (core/include/appnotify/center.h) for JavaScript: events are plain
// objects in, a plain state object out. The engine reads no clock: every dispatch names `now`. The
// wire protocol between them is defined in core/include/appnotify/center_wire.h; its keywords are
// these events' types, and the core's own translation (appnotify/center_json.h) must write the same
// lines (tests/vectors/protocol/center_wire.json, checked in both rings).
//
// Events:
//   {type: 'serverList', serverNow, items}   items are appnotification records (appnotificationid,
//   {type: 'serverCreated', item}            createdon, priority, toasttype, ttlinseconds)
//   {type: 'serverDeleted', id}              {type: 'serverTime', serverNow}
//   {type: 'restore', seen, lastOpened, pending}   {type: 'markSeen', ids}
//   {type: 'openCenter'}  {type: 'closeCenter'}  {type: 'dismiss', id}  {type: 'dismissAll'}
//   {type: 'closeToast', id}  {type: 'hoverToast', id}  {type: 'unhoverToast', id}   (no id: "more")
//   {type: 'settings', toastsEnabled, toastDurationMs, here}   (here: the tab the user looks at)
//   {type: 'deleteResult', id, outcome: 'deleted' | 'gone' | 'failed'}   {type: 'pageHide'}
// State: {center: {version, ids} | null (unchanged), badge, toasts: [{id, remainingMs, paused}],
//         more: {count, remainingMs, paused} | null, deletes: [{id, attempt}],
//         persist: {seen?, lastOpened?, pending?, unseen?}, nextDeadline: ms | null}

// Ids and times travel space-, tab- and newline-separated, so they must hold none of those.
const safe = (text) =>
  typeof text === 'string' &&
  text.length > 0 &&
  text.length <= 200 &&
  !text.includes(' ') &&
  !text.includes('\t') &&
  !text.includes('\n');

// createdon travels as the record's text and is parsed in the core (ISO 8601), which is faster than
// Date.parse for thousands of records; createdMs (a number) is accepted too.
function timeOf(record) {
  if (typeof record.createdMs === 'number') return Math.trunc(record.createdMs);
  return safe(record.createdon) ? record.createdon : null;
}

// "<id>\t<created>\t<priority>\t<toasttype>\t<ttl>", or null for a record without an id or a time.
function entryFields(record) {
  const id = record.appnotificationid ?? record.id;
  const created = timeOf(record);
  if (!safe(id) || created === null) return null;
  const ttl = Number.isInteger(record.ttlinseconds) ? record.ttlinseconds : '';
  return id + '\t' + created + '\t' + (record.priority ?? '') + '\t' + (record.toasttype ?? '') + '\t' + ttl;
}

// A full list is the one large event. Its lines are joined from an array: the result is one flat
// string, which TextEncoder.encodeInto writes faster (building and encoding 5,000 records:
// tests/bench/center.bench.mjs) than the rope that concatenation leaves, which it must flatten first.
function encodeList(event) {
  const lines = [''];
  for (const record of event.items ?? []) {
    const fields = entryFields(record);
    if (fields !== null) lines.push('item\t' + fields);
  }
  lines[0] = 'serverList\t' + Math.trunc(event.serverNow) + '\t' + (lines.length - 1);
  return lines.join('\n');
}

const ids = (list) => (list ?? []).filter(safe).join(' ');

function encode(event, defaultToastMs) {
  switch (event.type) {
    case 'serverList':
      return encodeList(event);
    case 'serverCreated': {
      const fields = entryFields(event.item ?? {});
      return fields === null ? '' : `serverCreated\t${fields}`;
    }
    case 'serverDeleted':
      return `serverDeleted\t${event.id}`;
    case 'serverTime':
      return `serverTime\t${Math.trunc(event.serverNow)}`;
    case 'restore':
      return `restore\t${event.lastOpened ?? ''}\t${ids(event.seen)}\t${ids(event.pending)}`;
    case 'markSeen':
      return `markSeen\t${ids(event.ids)}`;
    case 'openCenter':
    case 'closeCenter':
    case 'dismissAll':
    case 'pageHide':
      return event.type;
    case 'dismiss':
      return `dismiss\t${event.id}`;
    case 'closeToast':
      return `closeToast\t${event.id ?? ''}`;
    case 'hoverToast':
      return `hoverToast\t${event.id ?? ''}`;
    case 'unhoverToast':
      return `unhoverToast\t${event.id ?? ''}`;
    case 'settings':
      return (
        `settings\t${event.toastsEnabled === false ? 0 : 1}\t${Math.trunc(event.toastDurationMs ?? defaultToastMs)}` +
        `\t${event.here === false ? 0 : 1}`
      );
    case 'deleteResult':
      return `deleteResult\t${event.id}\t${event.outcome}`;
    default:
      return '';
  }
}

/** The events as wire lines (`defaultToastMs`: a settings event's duration when it names none). */
export function encodeEvents(events, defaultToastMs) {
  return events
    .map((event) => encode(event, defaultToastMs))
    .filter((line) => line !== '')
    .join('\n');
}

/** The engine's answer (wire lines) as the state object. */
export function decodeState(text) {
  const state = { center: null, badge: 0, toasts: [], more: null, deletes: [], persist: {}, nextDeadline: null };
  for (const line of text.split('\n')) {
    const [kind, a = '', b = '', c = ''] = line.split('\t');
    const split = (field) => (field === '' ? [] : field.split(' '));
    if (kind === 'center') state.center = { version: Number(a), ids: split(b) };
    else if (kind === 'badge') state.badge = Number(a);
    else if (kind === 'toast') state.toasts.push({ id: a, remainingMs: Number(b), paused: c === '1' });
    else if (kind === 'more') state.more = { count: Number(a), remainingMs: Number(b), paused: c === '1' };
    else if (kind === 'delete') state.deletes.push({ id: a, attempt: Number(b) });
    else if (kind === 'seen') state.persist.seen = split(a);
    else if (kind === 'lastOpened') state.persist.lastOpened = Number(a);
    else if (kind === 'pending') state.persist.pending = split(a);
    else if (kind === 'unseen') state.persist.unseen = split(a);
    else if (kind === 'deadline') state.nextDeadline = a === '' ? null : Number(a);
  }
  return state;
}

/**
 * Creates engines on the display module.
 * @param {Awaited<ReturnType<import('./instantiate.js').instantiate>>} wasm
 */
export function engineFactory(wasm) {
  const { exports } = wasm;
  const defaultToastMs = exports.defaultToastMs();
  return {
    /** The core's defaults the page shows before the user chooses (appnotify/defaults.h). */
    defaults: { toastDurationMs: defaultToastMs },
    /**
     * An engine; `options` ({defaultTtlSeconds, maxVisibleToasts, retryInitialMs, retryMaxMs,
     * maxDeletesInFlight, retryJitter}) change the core's defaults (appnotify/center.h), which hold otherwise.
     */
    create(options = {}) {
      const o = options;
      const jitter = o.retryJitter === undefined ? -1 : o.retryJitter ? 1 : 0;
      let id = exports.createEngine(
        o.defaultTtlSeconds ?? -1,
        o.maxVisibleToasts ?? -1,
        o.retryInitialMs ?? -1,
        o.retryMaxMs ?? -1,
        o.maxDeletesInFlight ?? -1,
        jitter,
      );
      return {
        /** Applies the events at time `now` (ms) and answers the state after them. */
        dispatch(now, events = []) {
          if (id === 0) throw new Error('appnotify: this engine was destroyed');
          // One text in and one out through the exchange area (wasm/display.cc), for the
          // thousands of records of a full list as for one click.
          const answer = exports.engineDispatch(id, now, wasm.put(encodeEvents(events, defaultToastMs)));
          return decodeState(wasm.output(answer));
        },
        /** Frees the engine; the center calls it when it is torn down. */
        destroy() {
          if (id !== 0) exports.destroyEngine(id);
          id = 0;
        },
      };
    },
    /** How many engines are alive (for leak checks). */
    count: () => exports.engineCount(),
  };
}
