// The workings of <appnotify-center> (element.js): the center, the toasts and their rules, in the
// package's main part; they join the element's class once it is fetched, after the page's first frame.
//
// It draws what the core's engine decides (order, bell count, toasts and their time, what expires)
// and reports what the user did; the engine reads no clock, this element passes Date.now().
// Only the core's sanitized HTML is ever inserted as markup; plain text goes in as text.
import { besideScript } from '../api/package-files.js';
import { loadCore } from '../wasm/loader.js';
import { localeFile, relativeTime } from '../i18n/strings.js';
import { Transport } from '../transport/transport.js';
import { watchPresence } from './presence.js';
import { iconElement } from '../bell/icons.js';
import { CENTER_STYLES } from '../bell/styles.js';

// Shows or hides an element in the top layer (the Popover API), where the browser has it.
function popover(element, open) {
  try {
    if (open) element.showPopover?.();
    else element.hidePopover?.();
  } catch {
    // already so, or not connected yet
  }
}

const HAND_OVER_MS = 1000; // a toast on screen for less than this at a reload toasts again after it
// Rows take the height their content needs, measured once per record and list width; a row not
// drawn yet counts as the mean of those measured. Before any, as no row is lower than this: the
// first pass then draws at least the rows the view needs, and placing them again draws no new one.
const ROW_ESTIMATE = 60; // px
const OVERSCAN = 6;

function parseData(record) {
  if (typeof record.data !== 'string' || record.data === '') return {};
  try {
    const data = JSON.parse(record.data);
    return data && typeof data === 'object' && !Array.isArray(data) ? data : {};
  } catch {
    return {};
  }
}

export class CenterMethods {
  // The center's start, once the page's first frame is out and this part is here (element.js).
  async startCenter() {
    this.buildCenter();
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
    if (strings) {
      this.strings = { ...this.strings, ...strings, ...this.options.strings };
      this.applyStrings();
    }
    this.core = core;
    this.engine = core.engines.create();
    this.storageKey = `appnotify:${new URL(this.options.baseUrl, location.href).origin}:${user}`;
    const stored = this.loadStored();
    this.settings = stored.settings;
    this.dispatch([
      { type: 'restore', seen: stored.seen, lastOpened: stored.lastOpened, pending: stored.pending },
      this.settingsEvent(),
    ]);
    this.joinTabs(user);
    this.onPageHide = () => this.handOverToasts();
    globalThis.addEventListener('pagehide', this.onPageHide);
    if (!this.el.panel.hidden) {
      // Opened while loading: now it is opened for real (the bell's count clears, the list shows).
      if (this.statusKind === 'loading') this.showStatus('');
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
    this.clockTimer = setInterval(() => this.renderList(), 60000); // relative times
    // The core is loaded and the engine holds what this page remembered: the bell opens the center.
    this.dispatchEvent(new CustomEvent('appnotify-ready', { detail: { user }, bubbles: true, composed: true }));
  }

  async whoAmI() {
    try {
      const token = await this.options.getToken();
      const response = await fetch(`${this.options.baseUrl.replace(/\/+$/, '')}/WhoAmI`, {
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      });
      return (await response.json()).UserId ?? 'anonymous';
    } catch {
      return 'anonymous';
    }
  }

  // --- persistence and other tabs ---

  loadStored() {
    const fallback = {
      seen: [],
      lastOpened: null,
      pending: [],
      settings: { toastsEnabled: true, toastDurationMs: 4000 },
    };
    try {
      return { ...fallback, ...JSON.parse(localStorage.getItem(this.storageKey) ?? '{}') };
    } catch {
      return fallback;
    }
  }

  // The page is torn down (reload, navigation, close) under toasts it began showing less than
  // HAND_OVER_MS ago: the user cannot have read them, so they go back to unseen in storage and the
  // next page of this user toasts them (a notification arriving as the page reloads toasts once).
  handOverToasts() {
    const now = Date.now();
    const unread = [...(this.el?.toasts?.children ?? [])]
      .filter((toast) => toast.dataset.appnotifyToast !== 'more' && now - toast.shownAt < HAND_OVER_MS)
      .map((toast) => toast.dataset.appnotifyToast);
    if (unread.length === 0 || !this.storageKey) return;
    const stored = this.loadStored();
    stored.seen = stored.seen.filter((id) => !unread.includes(id));
    this.write(stored);
  }

  persist(changes) {
    const stored = this.loadStored();
    if (changes.seen) stored.seen = [...new Set([...stored.seen, ...changes.seen])].slice(-20000);
    if ('lastOpened' in changes) stored.lastOpened = changes.lastOpened;
    if (changes.pending) stored.pending = changes.pending;
    if (changes.settings) stored.settings = changes.settings;
    this.write(stored);
  }

  write(stored) {
    try {
      localStorage.setItem(this.storageKey, JSON.stringify(stored));
    } catch {
      // storage full or denied: the engine still holds the state for this page's life
    }
  }

  // Only the tab the user is looking at toasts (presence.js); the others learn of toasts and
  // dismissals at once through a BroadcastChannel.
  joinTabs(user) {
    if ('BroadcastChannel' in globalThis) {
      this.channel = new BroadcastChannel(`appnotify:${user}`);
      this.channel.onmessage = ({ data }) => {
        if (data?.type === 'seen') this.dispatch([{ type: 'markSeen', ids: data.ids }]);
        if (data?.type === 'dismissed') this.dispatch(data.ids.map((id) => ({ type: 'serverDeleted', id })));
      };
    }
    this.presence = watchPresence(user, (here) => {
      this.here = here;
      this.dispatch([this.settingsEvent()]);
    });
  }

  settingsEvent() {
    return {
      type: 'settings',
      toastsEnabled: this.settings.toastsEnabled,
      toastDurationMs: this.settings.toastDurationMs,
      here: this.here === true,
    };
  }

  // --- the engine ---

  dispatch(events) {
    if (!this.engine) return;
    const state = this.engine.dispatch(Date.now(), events);
    this.state = state;
    if (state.center) {
      this.order = state.center.ids;
      this.forgetGone(state.center.ids);
      this.renderList();
    }
    this.renderBell();
    this.renderToasts();
    if (Object.keys(state.persist).length > 0) {
      this.persist(state.persist);
      // The tab the user looks at tells the others what it toasted (or what is past its toast), so
      // that none of them toasts it again when the user comes to it.
      if (state.persist.seen && this.here) this.channel?.postMessage({ type: 'seen', ids: state.persist.seen });
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
        this.rendered.delete(id);
      }
    }
  }

  async sendDelete(id) {
    const outcome = await this.transport.deleteRecord(id);
    this.dispatch([{ type: 'deleteResult', id, outcome }]);
  }

  dismiss(ids) {
    this.channel?.postMessage({ type: 'dismissed', ids });
    this.dispatch(ids.map((id) => ({ type: 'dismiss', id })));
  }

  // --- drawing ---

  // The rest: the center, the toasts' region, the live region and the action dialog.
  buildCenter() {
    const root = this.shadowRoot;
    if (!this.el) this.buildBell(); // opened before it was in a page
    if (this.el.panel) return;
    this.adoptStyles(CENTER_STYLES);
    const html = `
      <section class="panel" id="panel" role="dialog" aria-labelledby="heading" popover="manual" hidden>
        <div class="panel-header"><h2 id="heading" tabindex="-1"></h2><button class="link-button dismiss-all" type="button"></button>
          <button class="x close" type="button">&times;</button></div>
        <div class="status" role="status" hidden></div>
        <div class="empty" hidden></div>
        <div class="list" role="list"><div class="spacer"></div></div>
        <div class="settings"><label><input type="checkbox" class="toasts-enabled"> <span class="show-toasts"></span></label>
          <label><span class="duration-label"></span> <input type="number" class="duration" min="1" max="60"></label></div>
      </section>
      <div class="toasts" role="region" popover="manual"></div>
      <div class="sr-only live" role="status" aria-live="polite"></div>
      <dialog class="action-dialog" aria-labelledby="dialog-title"><div class="dialog-header"><h2 id="dialog-title"></h2>
        <button class="x dialog-close" type="button">&times;</button></div></dialog>`;
    const template = document.createElement('template');
    template.innerHTML = html; // static markup of this package's, with no data in it
    root.append(template.content);
    // The panel and the toasts live in the top layer: no transformed, clipped or stacked container
    // of the host's can move or hide them.
    popover(root.querySelector('.toasts'), true);
    const $ = (selector) => root.querySelector(selector);
    Object.assign(this.el, {
      panel: $('.panel'),
      heading: $('#heading'),
      dismissAll: $('.dismiss-all'),
      close: $('.close'),
      status: $('.status'),
      empty: $('.empty'),
      list: $('.list'),
      spacer: $('.spacer'),
      toasts: $('.toasts'),
      live: $('.live'),
      toastsEnabled: $('.toasts-enabled'),
      duration: $('.duration'),
      dialog: $('.action-dialog'),
      dialogTitle: $('#dialog-title'),
      settings: $('.settings'),
    });
    this.applyStrings();

    this.el.close.addEventListener('click', () => this.toggle(false));
    this.el.dismissAll.addEventListener('click', () => this.dismiss([...this.order]));
    root.querySelector('.dialog-close').addEventListener('click', () => this.el.dialog.close());
    this.el.list.addEventListener('scroll', () => {
      cancelAnimationFrame(this.frame);
      this.frame = requestAnimationFrame(() => this.renderList());
    });
    this.el.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.toggle(false);
    });
    this.el.toastsEnabled.addEventListener('change', () => this.changeSettings());
    this.el.duration.addEventListener('change', () => this.changeSettings());
    root.addEventListener('click', (event) => this.onLinkClick(event));
  }

  // The component's own texts, in the center's language (again once its strings have loaded).
  applyStrings() {
    const s = this.strings;
    const root = this.shadowRoot;
    this.el.heading.textContent = s.centerTitle;
    this.el.dismissAll.textContent = s.dismissAll;
    this.el.close.setAttribute('aria-label', s.close);
    root.querySelector('.dialog-close').setAttribute('aria-label', s.close);
    this.el.empty.textContent = s.empty;
    this.el.toasts.setAttribute('aria-label', s.centerTitle);
    root.querySelector('.show-toasts').textContent = s.showToasts;
    root.querySelector('.duration-label').textContent = s.toastDuration;
    // A right-to-left language mirrors the component, unless the page says otherwise on it.
    if (s.dir && !this.hasAttribute('dir')) this.dir = s.dir;
  }

  toggle(open) {
    this.buildCenter();
    open ??= this.el.panel.hidden;
    this.el.panel.hidden = !open;
    this.el.toasts.hidden = open; // the center shows them all; toasts keep their time meanwhile
    popover(this.el.panel, open);
    this.el.bell.setAttribute('aria-expanded', String(open));
    if (!this.engine) {
      // Still loading: the bell works at once; the center says so and fills itself when ready.
      this.el.settings.hidden = true;
      this.showStatus(open ? 'loading' : '');
      if (open) this.el.heading.focus({ preventScroll: true });
      else this.el.bell.focus();
      return;
    }
    this.el.settings.hidden = false;
    this.dispatch([{ type: open ? 'openCenter' : 'closeCenter' }]);
    if (open) {
      this.el.toastsEnabled.checked = this.settings.toastsEnabled;
      this.el.duration.value = String(Math.round(this.settings.toastDurationMs / 1000));
      this.renderList();
      this.el.heading.focus({ preventScroll: true }); // at the panel's top: no layout needed for it
    } else {
      this.el.bell.focus();
    }
  }

  changeSettings() {
    const seconds = Math.min(60, Math.max(1, Number(this.el.duration.value) || 4));
    this.settings = { toastsEnabled: this.el.toastsEnabled.checked, toastDurationMs: seconds * 1000 };
    this.persist({ settings: this.settings });
    this.dispatch([this.settingsEvent()]);
  }

  showStatus(status) {
    const text = {
      offline: this.strings.offline,
      unavailable: this.strings.unavailable,
      loading: this.strings.loading,
    };
    if (!this.el?.status) return;
    this.statusKind = status;
    this.el.status.hidden = !text[status];
    this.el.status.textContent = text[status] ?? '';
  }

  renderBell() {
    const count = this.state?.badge ?? 0;
    this.el.count.hidden = count === 0;
    this.el.count.textContent = count > 99 ? '99+' : String(count);
    this.el.bell.setAttribute(
      'aria-label',
      count > 0 ? this.strings.bellLabelWithCount(count) : this.strings.bellLabel,
    );
  }

  // The core's HTML for a record's title and body (markdown from data when present), cached per version.
  content(record) {
    const key = record['@odata.etag'] ?? record.modifiedon ?? '';
    const cached = this.rendered.get(record.appnotificationid);
    if (cached && cached.key === key) return cached;
    const data = parseData(record);
    const title = typeof data.title === 'string' ? this.core.renderMarkdown(data.title) : null;
    const body = typeof data.body === 'string' ? this.core.renderMarkdown(data.body) : null;
    const iconUrl = typeof data.iconUrl === 'string' ? this.core.safeImageUrl(data.iconUrl) : '';
    const actions = Array.isArray(data.actions) ? data.actions.filter((a) => a && typeof a === 'object') : [];
    const entry = { key, title, body, iconUrl: iconUrl ? new URL(iconUrl, this.options.appBase).href : '', actions };
    this.rendered.set(record.appnotificationid, entry);
    return entry;
  }

  // A card: the icon, then the title and body as the core's sanitized HTML of the markdown in data,
  // else the plain columns as text.
  card(record, className) {
    const element = document.createElement('div');
    element.className = className + (record.priority === 200000001 ? ' high' : '');
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

  // Draws the rows in view (and OVERSCAN more each side) on a spacer as tall as the whole list. Rows
  // already on screen are kept and only moved: scrolling builds just the rows that come into view.
  // Rows drawn for the first time are measured, and the rows are placed once more with their heights.
  // `view` is the list's geometry when the caller has it (the second pass: reading it again would
  // force another layout).
  renderList(view) {
    if (!this.el || this.el.panel.hidden || !this.core) return;
    const ids = this.order;
    // Geometry first, before anything is written, so that reading it forces no extra layout.
    const { list } = this.el;
    const { top, height, width } = view ?? {
      top: list.scrollTop,
      height: list.clientHeight || 600,
      width: list.clientWidth,
    };
    if (width !== this.heightsWidth) {
      this.heights = new Map();
      this.heightsWidth = width;
      this.measuredSum = this.measuredCount = 0;
    }
    const estimate = this.measuredCount ? this.measuredSum / this.measuredCount : ROW_ESTIMATE;
    const tops = new Float64Array(ids.length + 1);
    for (let i = 0; i < ids.length; i += 1) tops[i + 1] = tops[i] + (this.heights.get(ids[i]) ?? estimate);
    // The first row whose bottom is below `y`.
    const rowAt = (y) => {
      let low = 0;
      let high = ids.length;
      while (low < high) {
        const mid = (low + high) >> 1;
        if (tops[mid + 1] <= y) low = mid + 1;
        else high = mid;
      }
      return low;
    };
    this.el.empty.hidden = ids.length > 0;
    this.el.dismissAll.hidden = ids.length === 0;
    this.el.spacer.style.height = `${tops[ids.length]}px`;
    const first = Math.max(0, rowAt(top) - OVERSCAN);
    const last = Math.min(ids.length, rowAt(top + height) + 1 + OVERSCAN);
    const previous = this.rows ?? new Map();
    this.rows = new Map();
    const rows = [];
    const now = Date.now();
    for (let i = first; i < last; i += 1) {
      const record = this.records.get(ids[i]);
      if (!record) continue;
      let row = previous.get(record.appnotificationid);
      if (row?.record !== record) row = this.listRow(record);
      const rowTop = `${tops[i]}px`;
      if (row.style.top !== rowTop) row.style.top = rowTop;
      const when = relativeTime(this.options.locale, Date.parse(record.createdon), now, this.strings);
      if (row.time.textContent !== when) row.time.textContent = when;
      this.rows.set(record.appnotificationid, row);
      rows.push(row);
    }
    // Rows that stay are not detached (that would restyle and lay them out again): those that left go,
    // the new ones are inserted in place, keeping the DOM in list order for assistive technology.
    const spacer = this.el.spacer;
    const drawn = new Set(rows);
    for (const child of [...spacer.children]) if (!drawn.has(child)) child.remove();
    let cursor = spacer.firstElementChild;
    for (const row of rows) {
      if (row === cursor) cursor = cursor.nextElementSibling;
      else spacer.insertBefore(row, cursor);
    }
    // Rows drawn for the first time: one layout measures them all (reads only), then a clamped title
    // or body offers the whole of it (the toggle sits in the meta line: showing it changes no height).
    const fresh = rows.filter((row) => !this.heights.has(row.record.appnotificationid));
    const clamped = fresh.map((row) => {
      const rowHeight = row.offsetHeight;
      this.heights.set(row.record.appnotificationid, rowHeight);
      this.measuredSum += rowHeight;
      this.measuredCount += 1;
      const { titleText, bodyText } = row;
      return titleText.scrollWidth > titleText.clientWidth || bodyText.scrollHeight > bodyText.clientHeight;
    });
    fresh.forEach((row, i) => (row.toggle.hidden &&= !clamped[i]));
    if (fresh.length > 0 && !view) this.renderList({ top, height, width });
  }

  // One row of the center, remembering its record and its time element for the next renderList().
  listRow(record) {
    const id = record.appnotificationid;
    const row = this.card(record, 'item');
    row.setAttribute('role', 'listitem');
    row.dataset.appnotifyItem = id;
    this.heights?.delete(id);
    const meta = document.createElement('div');
    meta.className = 'meta';
    const time = document.createElement('time');
    time.dateTime = record.createdon ?? '';
    meta.append(time);
    if (record.priority === 200000001) {
      const high = document.createElement('span');
      high.className = 'badge-high';
      high.textContent = this.strings.highPriority;
      meta.append(high);
    }
    // Expands the row in place to show all of a clamped title and body, and folds it again.
    const toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.className = 'link-button toggle';
    const show = (expanded) => {
      row.classList.toggle('expanded', expanded);
      toggle.textContent = expanded ? this.strings.showLess : this.strings.showMore;
      toggle.setAttribute('aria-expanded', String(expanded));
    };
    show(this.expanded.has(id));
    toggle.hidden = !this.expanded.has(id);
    toggle.addEventListener('click', () => {
      const expanded = !this.expanded.has(id);
      if (expanded) this.expanded.add(id);
      else this.expanded.delete(id);
      show(expanded);
      this.heights.delete(id);
      this.renderList();
    });
    meta.append(toggle);
    row.append(meta, this.actionButtons(record), this.dismissButton(record));
    row.record = record;
    row.time = time;
    row.toggle = toggle;
    // Not row.title: that is the row's tooltip attribute (an element put there shows as "[object ...]").
    [row.titleText, row.bodyText] = row.querySelectorAll('.title, .body');
    return row;
  }

  actionButtons(record) {
    const holder = document.createElement('div');
    holder.className = 'actions';
    for (const action of this.content(record).actions) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = typeof action.title === 'string' ? action.title : this.strings.open;
      button.addEventListener('click', () => this.runAction(record, action));
      holder.append(button);
    }
    return holder;
  }

  dismissButton(record) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'x';
    button.textContent = '\u00d7';
    button.setAttribute('aria-label', `${this.strings.dismiss}: ${record.title ?? ''}`);
    button.addEventListener('click', () => this.dismiss([record.appnotificationid]));
    return button;
  }

  renderToasts() {
    const state = this.state;
    if (!state || !this.el) return;
    const wanted = state.toasts.map((t) => t.id);
    const existing = new Map([...this.el.toasts.children].map((el) => [el.dataset.appnotifyToast, el]));
    for (const [id, element] of existing) if (!wanted.includes(id) && id !== 'more') element.remove();
    for (const id of wanted) {
      if (existing.has(id) || !this.records.get(id)) continue;
      const record = this.records.get(id);
      const toast = this.card(record, 'toast');
      toast.dataset.appnotifyToast = id;
      toast.shownAt = Date.now();
      toast.setAttribute('role', 'status');
      const closeButton = document.createElement('button');
      closeButton.type = 'button';
      closeButton.className = 'x';
      closeButton.textContent = '\u00d7';
      closeButton.setAttribute('aria-label', this.strings.close);
      closeButton.addEventListener('click', () => this.dispatch([{ type: 'closeToast', id }]));
      toast.append(this.actionButtons(record), closeButton);
      toast.addEventListener('mouseenter', () => this.dispatch([{ type: 'hoverToast', id }]));
      toast.addEventListener('mouseleave', () => this.dispatch([{ type: 'unhoverToast', id }]));
      const more = this.el.toasts.querySelector('[data-appnotify-toast="more"]');
      this.el.toasts.insertBefore(toast, more);
      this.el.live.textContent = `${record.title ?? ''}`;
    }
    let more = this.el.toasts.querySelector('[data-appnotify-toast="more"]');
    if (state.more) {
      if (!more) {
        more = document.createElement('div');
        more.className = 'toast more';
        more.dataset.appnotifyToast = 'more';
        more.setAttribute('role', 'status');
        const open = document.createElement('button');
        open.type = 'button';
        open.className = 'link-button';
        open.addEventListener('click', () => {
          this.dispatch([{ type: 'closeToast' }]);
          this.toggle(true);
        });
        more.append(open);
        more.addEventListener('mouseenter', () => this.dispatch([{ type: 'hoverToast' }]));
        more.addEventListener('mouseleave', () => this.dispatch([{ type: 'unhoverToast' }]));
        this.el.toasts.append(more);
      }
      more.firstChild.textContent = this.strings.more(state.more.count);
    } else if (more) {
      more.remove();
    }
  }

  // --- actions and links ---

  resolve(url) {
    const safe = this.core.safeLinkUrl(url);
    return safe ? new URL(safe, this.options.appBase).href : '';
  }

  announce(detail) {
    const event = new CustomEvent('appnotify-action', { detail, bubbles: true, composed: true, cancelable: true });
    return this.dispatchEvent(event); // false when the host app handled it
  }

  runAction(record, action) {
    const data = action.data && typeof action.data === 'object' ? action.data : {};
    const type = data.type ?? 'url';
    const url = typeof data.url === 'string' ? this.resolve(data.url) : '';
    const target = typeof data.navigationTarget === 'string' ? data.navigationTarget.trim() : 'inline';
    if (!this.announce({ notification: record, action, url, kind: type })) return;
    if (type === 'sidepane' && this.options.resolvePage) return this.openSidePane(action, data);
    if (type !== 'url' || !url) return; // teamsChat belongs to the host app, sidepane without resolvePage too
    if (target === 'newWindow') {
      window.open(url, '_blank', 'noopener,noreferrer');
    } else if (target === 'dialog') {
      this.showFrame(url, action.title);
    } else {
      location.assign(url);
    }
  }

  // A frame of `url` in the dialog: in the middle, or with `width` docked at the inline end (a side pane).
  showFrame(url, title, width) {
    const dialog = this.el.dialog;
    this.el.dialogTitle.textContent = typeof title === 'string' ? title : '';
    // The frame is made when first needed: an iframe costs a browsing context, even in a closed dialog.
    this.el.iframe ??= dialog.appendChild(document.createElement('iframe'));
    this.el.iframe.title = this.el.dialogTitle.textContent;
    this.el.iframe.src = url;
    dialog.classList.toggle('side', !!width);
    dialog.style.setProperty('--pane-width', `${width}px`);
    if (!dialog.open) dialog.showModal();
  }

  // A sidepane action: the host maps its page input (navigationTarget) to a URL (resolvePage), which
  // passes the same URL policy as every link, and the page opens beside the app, paneOptions' width
  // (200-1200 px, default 400) and title (default the action's).
  async openSidePane(action, data) {
    const pane = data.paneOptions && typeof data.paneOptions === 'object' ? data.paneOptions : {};
    let url = '';
    try {
      url = this.resolve(String((await this.options.resolvePage(data.navigationTarget ?? null)) ?? ''));
    } catch {
      // the host's resolver failed: nothing opens
    }
    const width = Math.min(1200, Math.max(200, Number(pane.width) || 400));
    if (url) this.showFrame(url, typeof pane.title === 'string' ? pane.title : action.title, width);
  }

  onLinkClick(event) {
    const link = event.composedPath().find((node) => node instanceof HTMLAnchorElement);
    if (!link || link.dataset.appnotifyLink !== 'app') return;
    event.preventDefault();
    const url = this.resolve(link.getAttribute('href'));
    if (url && this.announce({ notification: null, action: null, url, kind: 'link' })) location.assign(url);
  }
}
