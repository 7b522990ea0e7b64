// What a center remembers for its user in localStorage, under one key per Web API origin and user:
// the ids that toasted (seen), when the center was last opened, the dismissals still to send
// (pending) and the user's toast settings. Every write reads first, so that tabs of the same user
// add to one record. Storage full or denied: the engine still holds the state for this page's life.
const MAX_SEEN = 20000;

export class CenterStorage {
  /** `defaults`: the core's toast settings (the engine's), for a user who has chosen none. */
  constructor(key, defaults) {
    this.key = key;
    this.defaults = defaults;
  }

  load() {
    const settings = { toastsEnabled: true, toastDurationMs: this.defaults.toastDurationMs };
    const fallback = { seen: [], lastOpened: null, pending: [], settings };
    try {
      return { ...fallback, ...JSON.parse(localStorage.getItem(this.key) ?? '{}') };
    } catch {
      return fallback;
    }
  }

  /** The engine's persist changes ({seen, lastOpened, pending, unseen}) and the settings, merged in. */
  persist(changes) {
    const stored = this.load();
    if (changes.seen) stored.seen = [...new Set([...stored.seen, ...changes.seen])].slice(-MAX_SEEN);
    if (changes.unseen) stored.seen = stored.seen.filter((id) => !changes.unseen.includes(id));
    if ('lastOpened' in changes) stored.lastOpened = changes.lastOpened;
    if (changes.pending) stored.pending = changes.pending;
    if (changes.settings) stored.settings = changes.settings;
    try {
      localStorage.setItem(this.key, JSON.stringify(stored));
    } catch {
      // full or denied
    }
  }
}
