// The toasts the engine shows (state.toasts) and its "N more in the center" toast (state.more), in
// the toasts' region: cards with their actions and a close button. Hovering pauses a toast's time,
// closing ends it; both are the engine's to decide. A new toast is read out by the live region.
export class Toasts {
  constructor(session) {
    this.session = session;
  }

  render() {
    const { state, host, records } = this.session;
    if (!state || !host.el) return;
    const region = host.el.toasts;
    const wanted = state.toasts.map((t) => t.id);
    const existing = new Map([...region.children].map((el) => [el.dataset.appnotifyToast, el]));
    for (const [id, element] of existing) if (!wanted.includes(id) && id !== 'more') element.remove();
    for (const id of wanted) {
      if (existing.has(id) || !records.get(id)) continue;
      const toast = this.toast(records.get(id));
      region.insertBefore(toast, region.querySelector('[data-appnotify-toast="more"]'));
      host.el.live.textContent = `${records.get(id).title ?? ''}`;
    }
    let more = region.querySelector('[data-appnotify-toast="more"]');
    if (state.more) {
      more ??= region.appendChild(this.moreToast());
      more.firstChild.textContent = host.strings.more(state.more.count);
    } else if (more) {
      more.remove();
    }
  }

  toast(record) {
    const session = this.session;
    const id = record.appnotificationid;
    const toast = session.cards.card(record, 'toast');
    toast.dataset.appnotifyToast = id;
    toast.setAttribute('role', 'status');
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'x';
    close.textContent = '\u00d7';
    close.setAttribute('aria-label', session.host.strings.close);
    close.addEventListener('click', () => session.dispatch([{ type: 'closeToast', id }]));
    toast.append(session.actions.buttons(record), close);
    this.hoverable(toast, id);
    return toast;
  }

  // "N more": opens the center (and ends the toast).
  moreToast() {
    const session = this.session;
    const more = document.createElement('div');
    more.className = 'toast more';
    more.dataset.appnotifyToast = 'more';
    more.setAttribute('role', 'status');
    const open = document.createElement('button');
    open.type = 'button';
    open.className = 'link-button';
    open.addEventListener('click', () => {
      session.dispatch([{ type: 'closeToast' }]);
      session.toggle(true);
    });
    more.append(open);
    this.hoverable(more);
    return more;
  }

  // Hovering pauses the toast's time (no id: the "more" toast).
  hoverable(toast, id) {
    toast.addEventListener('mouseenter', () => this.session.dispatch([{ type: 'hoverToast', id }]));
    toast.addEventListener('mouseleave', () => this.session.dispatch([{ type: 'unhoverToast', id }]));
  }
}
