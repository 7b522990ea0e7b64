// What a center draws besides the bell and before it is ever opened: the toasts' region, the live
// region that reads new toasts out, and the action dialog, with their texts in the center's
// language, and the bell's count. The panel (panel.js) comes with its own part at the first open.
import { CENTER_STYLES } from '../bell/styles.js';
import { popover } from './popover.js';

const MARKUP = `
  <div class="toasts" role="region" popover="manual"></div>
  <div class="sr-only live" role="status" aria-live="polite"></div>
  <dialog class="action-dialog" aria-labelledby="dialog-title"><div class="dialog-header"><h2 id="dialog-title"></h2>
    <button class="x dialog-close" type="button">&times;</button></div></dialog>`;

export class Surface {
  constructor(session) {
    this.session = session;
  }

  /** Builds the parts once into the host's shadow root (the bell too, when it is not drawn yet). */
  build() {
    const { host } = this.session;
    const root = host.shadowRoot;
    if (!host.el) host.buildBell(); // opened before it was in a page
    if (host.el.toasts) return;
    host.adoptStyles(CENTER_STYLES);
    const template = document.createElement('template');
    template.innerHTML = MARKUP; // static markup of this package's, with no data in it
    root.append(template.content);
    // The toasts live in the top layer: no transformed, clipped or stacked container of the host's
    // can move or hide them.
    const $ = (selector) => root.querySelector(selector);
    Object.assign(host.el, {
      toasts: $('.toasts'),
      live: $('.live'),
      dialog: $('.action-dialog'),
      dialogTitle: $('#dialog-title'),
      dialogClose: $('.dialog-close'),
    });
    popover(host.el.toasts, true);
    host.el.dialogClose.addEventListener('click', () => host.el.dialog.close());
    root.addEventListener('click', (event) => this.session.actions.onLinkClick(event));
    this.applyStrings();
  }

  // The component's own texts, in the center's language (again once its strings have loaded).
  applyStrings() {
    const { host } = this.session;
    const { el, strings } = host;
    el.toasts.setAttribute('aria-label', strings.centerTitle);
    el.dialogClose.setAttribute('aria-label', strings.close);
    // A right-to-left language mirrors the component, unless the page says otherwise on it.
    if (strings.dir && !host.hasAttribute('dir')) host.dir = strings.dir;
  }

  renderBell(count) {
    const { el, strings } = this.session.host;
    el.count.hidden = count === 0;
    el.count.textContent = count > 99 ? '99+' : String(count);
    el.bell.setAttribute('aria-label', count > 0 ? strings.bellLabelWithCount(count) : strings.bellLabel);
  }
}
