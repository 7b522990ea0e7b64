// A center at work, once the package's main part is here (the element, bell/element.js, creates one
// and hands it the bell's clicks): it composes the parts (the surface, the toasts, the cards and
// their actions, the storage, the user's tabs, the transport, and the panel with its list, which
// comes with its own part at the first open) around the core's engine. The engine decides
// everything over time (order, the bell's count, toasts and their time, what expires, retries): the
// session hands it what happened with Date.now(), draws the state it answers, and sets one timer for
// its next deadline.
import { besideScript } from '../common/package-files.js';
import { localeFile } from '../i18n/strings.js';
import { apiBase, authorizedFetch } from '../transport/authorized-fetch.js';
import { Transport } from '../transport/transport.js';
import { loadCore } from '../wasm/loader.js';
import { Actions } from './actions.js';
import { Cards } from './cards.js';
import { CenterStorage } from './storage.js';
import { Surface } from './surface.js';
import { joinTabs } from './tabs.js';
import { Toasts } from './toasts.js';

const RELATIVE_TIMES_MS = 60000; // how often "5 minutes ago" is written again

export class CenterSession {
  constructor(host) {
    this.host = host;
    this.records = new Map();
    this.order = [];
    this.state = null;
    this.cards = new Cards(this);
    this.actions = new Actions(this);
    this.toasts = new Toasts(this);
    this.surface = new Surface(this);
    this.panel = null; // the panel part's Panel, from the first open on
    this.status = '';
  }

  get options() {
    return this.host.options;
  }

  // Once the page's first frame is out (bell/element.js).
  async start() {
    this.surface.build();
    // The core compiles while WhoAmI and the strings of the center's language are on the network.
    const language = localeFile(this.options.locale);
    const [core, user, strings] = await Promise.all([
      loadCore({ wasmUrl: this.options.wasmUrl }),
      this.whoAmI(),
      language &&
        import(besideScript(`appnotify-locale-${language}.mjs`)).then(
          (module) => module.default,
          () => null, // not served: English, rather than no center
        ),
    ]);
    if (this.stopped) return;
    if (strings) {
      this.host.strings = { ...this.host.strings, ...strings, ...this.options.strings };
      this.surface.applyStrings();
      this.panel?.applyStrings();
    }
    this.core = core;
    this.engine = core.engines.create();
    const key = `appnotify:${new URL(this.options.baseUrl, location.href).origin}:${user}`;
    this.storage = new CenterStorage(key, core.engines.defaults);
    const stored = this.storage.load();
    this.settings = stored.settings;
    this.dispatch([
      { type: 'restore', seen: stored.seen, lastOpened: stored.lastOpened, pending: stored.pending },
      this.settingsEvent(),
    ]);
    this.tabs = joinTabs(user, {
      seen: (ids) => this.dispatch([{ type: 'markSeen', ids }]),
      dismissed: (ids) => this.dispatch(ids.map((id) => ({ type: 'serverDeleted', id }))),
      here: (here) => {
        this.here = here;
        this.dispatch([this.settingsEvent()]);
      },
    });
    // Torn down (reload, navigation, close): the engine hands toasts too brief to be read back to
    // unseen, so that the user's next page toasts them (kHandOverMs in appnotify/center.h).
    this.onPageHide = () => this.dispatch([{ type: 'pageHide' }]);
    globalThis.addEventListener('pagehide', this.onPageHide);
    if (this.panel && !this.host.el.panel.hidden) {
      // Opened while loading: now it is opened for real (the bell's count clears, the list shows).
      if (this.status === 'loading') this.showStatus('');
      this.toggle(true);
    }
    this.transport = new Transport({
      baseUrl: this.options.baseUrl,
      getToken: this.options.getToken,
      onList: (items, serverNow) => {
        for (const item of items) this.records.set(item.appnotificationid, item);
        this.dispatch([{ type: 'serverList', items, serverNow }]);
      },
      onCreated: (item) => {
        this.records.set(item.appnotificationid, item);
        this.dispatch([{ type: 'serverCreated', item }]);
      },
      onDeleted: (id) => this.dispatch([{ type: 'serverDeleted', id }]),
      onStatus: (status) => this.showStatus(status),
    });
    this.transport.start();
    this.clockTimer = setInterval(() => this.panel?.list.render(), RELATIVE_TIMES_MS);
    // The core is loaded and the engine holds what this page remembered: the bell opens the center.
    const ready = new CustomEvent('appnotify-ready', { detail: { user }, bubbles: true, composed: true });
    this.host.dispatchEvent(ready);
  }

  /** Tears the center down (the element left the page). */
  stop() {
    this.stopped = true;
    this.transport?.stop();
    this.tabs?.stop();
    globalThis.removeEventListener('pagehide', this.onPageHide);
    clearTimeout(this.timer);
    clearInterval(this.clockTimer);
    this.engine?.destroy();
    this.engine = null;
  }

  // Who the token speaks for: the key of what this user's pages remember and share. Asked again,
  // with growing pauses, until the Web API answers (a center never stores under a made-up user).
  async whoAmI() {
    const url = `${apiBase(this.options.baseUrl)}/WhoAmI`;
    for (let attempt = 0; ; attempt += 1) {
      try {
        const response = await authorizedFetch(this.options.getToken, url);
        const user = response.ok && (await response.json()).UserId;
        if (user) return user;
      } catch {
        // offline, or not JSON: asked again below
      }
      if (this.stopped) return null;
      this.showStatus(globalThis.navigator?.onLine === false ? 'offline' : 'unavailable');
      await new Promise((resolve) => setTimeout(resolve, Math.min(30000, 1000 * 2 ** attempt)));
    }
  }

  settingsEvent() {
    const { toastsEnabled, toastDurationMs } = this.settings;
    return { type: 'settings', toastsEnabled, toastDurationMs, here: this.here === true };
  }

  changeSettings(settings) {
    this.settings = settings;
    this.storage.persist({ settings });
    this.dispatch([this.settingsEvent()]);
  }

  // --- the engine ---

  dispatch(events) {
    if (!this.engine) return;
    const state = this.engine.dispatch(Date.now(), events);
    this.state = state;
    if (state.center) {
      this.order = state.center.ids;
      this.forgetGone(state.center.ids);
      this.panel?.list.render();
    }
    this.surface.renderBell(state.badge);
    this.toasts.render();
    if (Object.keys(state.persist).length > 0) {
      this.storage.persist(state.persist);
      // The tab the user looks at tells the others what it toasted (or what is past its toast), so
      // that none of them toasts it again when the user comes to it.
      if (state.persist.seen && this.here) this.tabs?.tell({ type: 'seen', ids: state.persist.seen });
    }
    for (const { id } of state.deletes) this.sendDelete(id);
    clearTimeout(this.timer);
    if (state.nextDeadline !== null) {
      this.timer = setTimeout(() => this.dispatch([]), Math.max(0, state.nextDeadline - Date.now()));
    }
  }

  // Records no longer listed are kept a while (a late toast may still need one), then dropped.
  forgetGone(ids) {
    if (this.records.size <= ids.length + 1000) return;
    const listed = new Set(ids);
    for (const id of this.records.keys()) {
      if (!listed.has(id)) {
        this.records.delete(id);
        this.cards.forget(id);
      }
    }
  }

  async sendDelete(id) {
    const outcome = await this.transport.deleteRecord(id);
    this.dispatch([{ type: 'deleteResult', id, outcome }]);
  }

  dismiss(ids) {
    this.tabs?.tell({ type: 'dismissed', ids });
    this.dispatch(ids.map((id) => ({ type: 'dismiss', id })));
  }

  /** The status line's news: 'offline', 'unavailable', 'loading', or none ('', 'live', 'polling'). */
  showStatus(status) {
    this.status = status;
    this.panel?.showStatus(status);
  }

  /** Opens (true), closes (false) or flips (undefined) the center; the first time, once its part is here. */
  toggle(open) {
    if (!this.panel) {
      this.loadPanel().then(
        () => this.toggle(open),
        () => {}, // not fetched: the next click tries again
      );
      return;
    }
    open = this.panel.show(open);
    if (!this.engine) {
      // Still loading: the bell works at once; the center says so and fills itself when ready.
      this.panel.showSettings(null);
      this.showStatus(open ? 'loading' : '');
    } else {
      this.panel.showSettings(this.settings);
      this.dispatch([{ type: open ? 'openCenter' : 'closeCenter' }]);
      if (open) this.panel.list.render();
    }
    this.panel.focus(open);
  }

  // The panel part (dist/appnotify-panel.mjs), fetched once; a failed fetch is tried again at the next click.
  loadPanel() {
    this.panelLoad ??= import(besideScript('appnotify-panel.mjs')).then(
      ({ Panel }) => (this.panel ??= new Panel(this)),
      (error) => {
        this.panelLoad = null;
        throw error;
      },
    );
    return this.panelLoad;
  }
}
