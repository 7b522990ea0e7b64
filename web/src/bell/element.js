// <appnotify-center>: the bell, the notification center and the toasts, in a shadow root.
//
// This file is the element as a page gets it with its first script: its options and the bell. The
// element holds the bell's place from the moment it is in the page (its box does not change after),
// and draws the bell at once (in the page's first frame, when the page creates it before that); it
// works from the moment it shows. The center at work (center/session.js, in the package's main part)
// is fetched after the page's first frame, or at the first click on the bell: the element creates
// one, holds it as `session` and hands it the bell's clicks.
//
// Attributes: base-url, app-base, locale, theme (light|dark|system), position (bottom-end|top-end|
// bottom-start|top-start). Configure with createNotificationCenter() or element.configure({...});
// an element placed by markup alone (with base-url) reads its token from globalThis.AppNotifyToken.
// Events: appnotify-action (cancelable; detail {notification, action, url, kind}), appnotify-ready.
// Test hooks: data-appnotify-bell, data-appnotify-count, data-appnotify-item, data-appnotify-toast.
import { loadMain } from '../common/package-files.js';
import { DEFAULT_STRINGS } from '../i18n/strings.js';
import { BELL_SVG } from './icons.js';
import { BELL_STYLES } from './styles.js';

// Each style sheet as one constructed stylesheet that every center shares: it parses once, and a
// page's Content-Security-Policy without 'unsafe-inline' in style-src allows it (a <style> element it
// would block). Browsers without constructable stylesheets get a <style> element.
const sharedSheets = new Map();

// Under node (the package loads there too, for validation and rendering) there is no DOM.
const ElementBase = typeof HTMLElement === 'undefined' ? class {} : HTMLElement;

export class AppNotifyCenter extends ElementBase {
  constructor() {
    super();
    this.options = null;
    this.session = null;
    this.attachShadow({ mode: 'open' });
  }

  /**
   * Options: {baseUrl, getToken, appBase, locale, theme, position, strings, wasmUrl, resolvePage}; appBase
   * defaults to the page's URL, locale to the page's language (or the browser's).
   */
  configure(options) {
    this.options = {
      ...options,
      appBase: options.appBase ?? location.href,
      locale: options.locale ?? (document.documentElement.lang || navigator.language),
    };
    this.strings = { ...DEFAULT_STRINGS, ...(options.strings ?? {}) };
    this.session?.panel?.list.reset(); // rows drawn with other strings or locale are built again
    for (const name of ['theme', 'position']) {
      if (options[name]) this.setAttribute(name, options[name]);
    }
    if (this.isConnected) this.start();
    return this;
  }

  connectedCallback() {
    this.adoptStyles(BELL_STYLES); // the bell's place, held from the moment the element is in the page
    if (!this.options && this.getAttribute('base-url')) {
      this.configure({
        baseUrl: this.getAttribute('base-url'),
        appBase: this.getAttribute('app-base'),
        locale: this.getAttribute('locale'),
        getToken: () => globalThis.AppNotifyToken ?? '',
      });
      return;
    }
    if (this.options) this.start();
  }

  disconnectedCallback() {
    this.session?.stop();
    this.session = null;
    this.started = false;
  }

  async start() {
    if (this.started) return;
    this.started = true;
    this.el = null; // a center connected again is drawn again
    // The bell is drawn with the page: built now, it is in the next frame (the page's first, if it
    // has not painted yet), and works from then on. The rest of the center waits for the page's
    // first frame (a paint on record: it is, a little after the frame is shown; a browser without
    // paint timing waits for a frame): its part is fetched then, and built when the page has had its
    // turn (idle time, or 100 ms at most); a click before that builds it as soon as its part is here.
    // In traces the bell costs the first frame far less than starting that fetch would (docs/benchmarks.md).
    this.buildBell();
    if (!performance.getEntriesByType('paint')[0]) await new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
    const session = this.loadSession();
    await new Promise((resolve) =>
      globalThis.requestIdleCallback ? requestIdleCallback(resolve, { timeout: 100 }) : setTimeout(resolve),
    );
    if (this.isConnected) await (await session).start();
  }

  // The center at work, created once its part is here (a failed fetch is tried again at the next call).
  async loadSession() {
    const { CenterSession } = await loadMain();
    this.session ??= new CenterSession(this);
    return this.session;
  }

  // The bell alone, the first thing drawn. It works at once (toggle builds the rest).
  buildBell() {
    const root = this.shadowRoot;
    const attributes = 'data-appnotify-bell aria-haspopup="dialog" aria-expanded="false" aria-controls="panel"';
    const count = '<span class="count" data-appnotify-count hidden></span>';
    // Static markup written here, with no data in it (anything drawn before goes).
    root.innerHTML = `<button class="bell" type="button" ${attributes}>${BELL_SVG}${count}</button>`;
    const bell = root.querySelector('.bell');
    this.el = { bell, count: root.querySelector('.count') };
    bell.setAttribute('aria-label', this.strings.bellLabel);
    bell.addEventListener('click', () => this.toggle());
    // A pointer over the bell or focus on it: the panel's part is fetched and the panel built (hidden)
    // then, so that the click that follows only shows it.
    const intent = () =>
      this.session?.loadPanel().then(
        (panel) => panel.build(),
        () => {},
      );
    bell.addEventListener('pointerenter', intent);
    bell.addEventListener('focus', intent);
  }

  /** Opens (true), closes (false) or flips the center; a click before its part is here opens it once it is. */
  toggle(open) {
    if (this.session) this.session.toggle(open);
    else
      this.loadSession().then(
        (session) => session.toggle(open),
        () => {},
      ); // not fetched: the next click tries again
  }

  // Adds a style sheet to the shadow root, unless it has it already (it was connected before).
  adoptStyles(css) {
    const root = this.shadowRoot;
    if ('adoptedStyleSheets' in root) {
      let sheet = sharedSheets.get(css);
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(css);
        sharedSheets.set(css, sheet);
      }
      if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    } else {
      const style = document.createElement('style');
      style.textContent = css;
      root.append(style);
    }
  }
}

export function defineElement() {
  if (!customElements.get('appnotify-center')) customElements.define('appnotify-center', AppNotifyCenter);
}
