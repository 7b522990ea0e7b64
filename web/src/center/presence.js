// Which of the user's tabs is the one they are looking at: the visible tab that last had focus.
// Only that tab toasts (the engine's `here`); in the others arrivals wait, unseen, for the user to
// come to them. A tab claims on load when it is visible and focused, on focus, and when it becomes
// visible with focus; a hidden tab is never here. Claims carry a counter kept in localStorage and
// raised by every claim (tabs' clocks need not agree, and a tab opened later knows the count), so
// across tabs (BroadcastChannel) the latest claim wins. Without BroadcastChannel each tab judges
// alone.
export class TabPresence {
  constructor(user, onChange) {
    this.onChange = onChange;
    this.here = false;
    this.seq = 0;
    this.key = `appnotify-presence:${user}`;
    this.claim = null;
    this.tab = Math.random().toString(36).slice(2);
    if ('BroadcastChannel' in globalThis) {
      this.channel = new BroadcastChannel(`appnotify-presence:${user}`);
      this.channel.onmessage = ({ data }) => {
        if (data?.type !== 'here') return;
        this.seq = Math.max(this.seq, data.seq);
        if (this.here && later(data, this.claim)) this.set(false);
      };
    }
    this.onFocus = () => this.check(true);
    this.onVisibility = () => this.check(false);
    globalThis.addEventListener('focus', this.onFocus);
    document.addEventListener('visibilitychange', this.onVisibility);
    this.check(false);
  }

  check(focused) {
    if (document.visibilityState !== 'visible') return this.set(false);
    if (!focused && !document.hasFocus()) return;
    this.seq = Math.max(this.seq, stored(this.key)) + 1;
    try {
      localStorage.setItem(this.key, String(this.seq));
    } catch {
      // storage denied: the counter still rises with every claim this tab hears of
    }
    this.claim = { type: 'here', seq: this.seq, tab: this.tab };
    this.channel?.postMessage(this.claim);
    this.set(true);
  }

  set(here) {
    if (this.here === here) return;
    this.here = here;
    this.onChange(here);
  }

  stop() {
    this.channel?.close();
    globalThis.removeEventListener('focus', this.onFocus);
    document.removeEventListener('visibilitychange', this.onVisibility);
  }
}

function stored(key) {
  try {
    return Number(localStorage.getItem(key)) || 0;
  } catch {
    return 0;
  }
}

const later = (a, b) => !b || a.seq > b.seq || (a.seq === b.seq && a.tab > b.tab);
