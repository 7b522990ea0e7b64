// What a notification's actions and links do. Every URL passes the core's link policy first and is
// resolved against appBase. The host hears each as a cancelable appnotify-action event (detail
// {notification, action, url, kind}) and may route it itself; otherwise a url action opens inline,
// in the dialog or in a new window (navigationTarget), a sidepane action opens the page the host's
// resolvePage gives beside the app, and teamsChat belongs to the host.
export class Actions {
  constructor(session) {
    this.session = session;
  }

  /** The buttons of the record's actions. */
  buttons(record) {
    const holder = document.createElement('div');
    holder.className = 'actions';
    for (const action of this.session.cards.content(record).actions) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = typeof action.title === 'string' ? action.title : this.session.host.strings.open;
      button.addEventListener('click', () => this.run(record, action));
      holder.append(button);
    }
    return holder;
  }

  resolve(url) {
    const safe = this.session.core.safeLinkUrl(url);
    return safe ? new URL(safe, this.session.options.appBase).href : '';
  }

  // False when the host app handled it.
  announce(detail) {
    const event = new CustomEvent('appnotify-action', { detail, bubbles: true, composed: true, cancelable: true });
    return this.session.host.dispatchEvent(event);
  }

  run(record, action) {
    const data = action.data && typeof action.data === 'object' ? action.data : {};
    const type = data.type ?? 'url';
    const url = typeof data.url === 'string' ? this.resolve(data.url) : '';
    const target = typeof data.navigationTarget === 'string' ? data.navigationTarget.trim() : 'inline';
    if (!this.announce({ notification: record, action, url, kind: type })) return;
    if (type === 'sidepane' && this.session.options.resolvePage) return this.openSidePane(action, data);
    if (type !== 'url' || !url) return; // teamsChat belongs to the host app, sidepane without resolvePage too
    if (target === 'newWindow') {
      window.open(url, '_blank', 'noopener,noreferrer');
    } else if (target === 'dialog') {
      this.showFrame(url, action.title, 0, true);
    } else {
      location.assign(url);
    }
  }

  // A frame of `url` in the dialog: in the middle, or with `width` docked at the inline end (a side pane).
  // A sender's page (`sandboxed`) runs in a sandbox without allow-same-origin: even at the app's own
  // origin it gets an opaque one, so it can reach neither the app's page nor its storage.
  showFrame(url, title, width, sandboxed = false) {
    const el = this.session.host.el;
    const dialog = el.dialog;
    el.dialogTitle.textContent = typeof title === 'string' ? title : '';
    // The frame is made when first needed: an iframe costs a browsing context, even in a closed dialog.
    el.iframe ??= dialog.appendChild(document.createElement('iframe'));
    el.iframe.title = el.dialogTitle.textContent;
    if (sandboxed) {
      el.iframe.setAttribute('sandbox', 'allow-scripts allow-forms allow-popups allow-popups-to-escape-sandbox');
      el.iframe.referrerPolicy = 'no-referrer';
    } else {
      el.iframe.removeAttribute('sandbox'); // the host's own page (resolvePage)
      el.iframe.referrerPolicy = '';
    }
    el.iframe.src = url;
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
      url = this.resolve(String((await this.session.options.resolvePage(data.navigationTarget ?? null)) ?? ''));
    } catch {
      // the host's resolver failed: nothing opens
    }
    const width = Math.min(1200, Math.max(200, Number(pane.width) || 400));
    if (url) this.showFrame(url, typeof pane.title === 'string' ? pane.title : action.title, width);
  }

  /** A click anywhere in the shadow root: app links in rendered markdown go through the host. */
  onLinkClick(event) {
    const link = event.composedPath().find((node) => node instanceof HTMLAnchorElement);
    if (!link || link.dataset.appnotifyLink !== 'app') return;
    event.preventDefault();
    const url = this.resolve(link.getAttribute('href'));
    if (url && this.announce({ notification: null, action: null, url, kind: 'link' })) location.assign(url);
  }
}
