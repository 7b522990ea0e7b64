// The panel the bell opens (the package's panel part, dist/appnotify-panel.mjs, fetched at the first
// open): the heading, "Dismiss all", the status line, the list (list.js) and the toast settings,
// with their texts in the center's language; opening and closing it.
import { PANEL_STYLES } from '../bell/styles.js';
import { CenterList } from './list.js';
import { popover } from './popover.js';

const MARKUP = `
  <section class="panel" id="panel" role="dialog" aria-labelledby="heading" popover="manual" hidden>
    <div class="panel-header"><h2 id="heading" tabindex="-1"></h2><button class="link-button dismiss-all" type="button"></button>
      <button class="x close" type="button">&times;</button></div>
    <div class="status" role="status" hidden></div>
    <div class="empty" hidden></div>
    <div class="list" role="list"><div class="spacer"></div></div>
    <div class="settings"><label><input type="checkbox" class="toasts-enabled"> <span class="show-toasts"></span></label>
      <label><span class="duration-label"></span> <input type="number" class="duration" min="1" max="60"></label></div>
  </section>`;

export class Panel {
  constructor(session) {
    this.session = session;
    this.list = new CenterList(session);
  }

  /** Builds the panel once, right after the bell in the host's shadow root. */
  build() {
    const { host } = this.session;
    this.session.surface.build();
    if (host.el.panel) return;
    host.adoptStyles(PANEL_STYLES);
    const template = document.createElement('template');
    template.innerHTML = MARKUP; // static markup of this package's, with no data in it
    host.el.bell.after(template.content);
    const $ = (selector) => host.shadowRoot.querySelector(selector);
    Object.assign(host.el, {
      panel: $('.panel'),
      heading: $('#heading'),
      dismissAll: $('.dismiss-all'),
      close: $('.close'),
      status: $('.status'),
      empty: $('.empty'),
      list: $('.list'),
      spacer: $('.spacer'),
      toastsEnabled: $('.toasts-enabled'),
      duration: $('.duration'),
      settings: $('.settings'),
      showToasts: $('.show-toasts'),
      durationLabel: $('.duration-label'),
    });
    this.applyStrings();
    this.showStatus(this.session.status);
    const { el } = host;
    const session = this.session;
    el.close.addEventListener('click', () => session.toggle(false));
    el.dismissAll.addEventListener('click', () => session.dismiss([...session.order]));
    el.list.addEventListener('scroll', () => {
      cancelAnimationFrame(this.frame);
      this.frame = requestAnimationFrame(() => this.list.render());
    });
    el.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') session.toggle(false);
    });
    el.toastsEnabled.addEventListener('change', () => this.changeSettings());
    el.duration.addEventListener('change', () => this.changeSettings());
  }

  // The panel's texts, in the center's language (again once its strings have loaded).
  applyStrings() {
    const { el, strings: s } = this.session.host;
    if (!el.panel) return;
    el.heading.textContent = s.centerTitle;
    el.dismissAll.textContent = s.dismissAll;
    el.close.setAttribute('aria-label', s.close);
    el.empty.textContent = s.empty;
    el.showToasts.textContent = s.showToasts;
    el.durationLabel.textContent = s.toastDuration;
    this.list.reset();
  }

  /** Opens (true), closes (false) or flips (undefined) the panel; answers whether it is open. */
  show(open) {
    this.build();
    const { el } = this.session.host;
    open ??= el.panel.hidden;
    el.panel.hidden = !open;
    el.toasts.hidden = open; // the center shows them all; toasts keep their time meanwhile
    popover(el.panel, open);
    el.bell.setAttribute('aria-expanded', String(open));
    return open;
  }

  // Focus: the heading at the panel's top when it opens (no layout needed for it), the bell when it closes.
  focus(open) {
    const { el } = this.session.host;
    if (open) el.heading.focus({ preventScroll: true });
    else el.bell.focus();
  }

  /** The toast settings as the user has them into the panel's controls; none: hidden (still loading). */
  showSettings(settings) {
    const { el } = this.session.host;
    el.settings.hidden = !settings;
    if (!settings) return;
    el.toastsEnabled.checked = settings.toastsEnabled;
    el.duration.value = String(Math.round(settings.toastDurationMs / 1000));
  }

  changeSettings() {
    const { el } = this.session.host;
    const fallback = this.session.core.engines.defaults.toastDurationMs / 1000;
    const seconds = Math.min(60, Math.max(1, Number(el.duration.value) || fallback));
    this.session.changeSettings({ toastsEnabled: el.toastsEnabled.checked, toastDurationMs: seconds * 1000 });
  }

  /** The status line: 'offline', 'unavailable', 'loading', or none ('', 'live', 'polling'). */
  showStatus(status) {
    const { el, strings } = this.session.host;
    const text = { offline: strings.offline, unavailable: strings.unavailable, loading: strings.loading }[status];
    el.status.hidden = !text;
    el.status.textContent = text ?? '';
  }
}
