// Which of the user's tabs is the one they are looking at: the visible tab that last had focus.
// Only that tab toasts (the engine's `here`); in the others arrivals wait, unseen, for the user to
// come to them. A tab claims on load when it is visible and focused, on focus, and when it becomes
// visible with focus; a hidden tab is never here. Claims carry a counter kept in localStorage and
// raised by every claim (tabs' clocks need not agree, and a tab opened later knows the count), so
// across tabs (BroadcastChannel) the latest claim wins, ties going to the greater random tab id.
// Without BroadcastChannel each tab judges alone. Answers {stop()}; onChange(here) hears changes.
export function watchPresence(user, onChange) {
  const key = `appnotify-presence:${user}`;
  const tab = Math.random();
  const channel = globalThis.BroadcastChannel && new BroadcastChannel(key);
  let here = false;
  let mine = [0, tab]; // this tab's last claim: [count, tab]
  const set = (value) => here !== value && onChange((here = value));
  const stored = () => {
    try {
      return Number(localStorage.getItem(key)) || 0;
    } catch {
      return 0; // storage denied: the count still rises with every claim this tab hears of
    }
  };
  const check = (focused) => {
    if (document.visibilityState !== 'visible') return set(false);
    if (!focused && !document.hasFocus()) return;
    mine = [Math.max(mine[0], stored()) + 1, tab];
    try {
      localStorage.setItem(key, mine[0]);
    } catch {}
    channel?.postMessage(mine);
    set(true);
  };
  if (channel) {
    channel.onmessage = ({ data: [count, other] }) => {
      if (count > mine[0] || (count === mine[0] && other > tab)) set(false);
      mine = [Math.max(mine[0], count), tab];
    };
  }
  const onFocus = () => check(true);
  const onVisibility = () => check(false);
  globalThis.addEventListener('focus', onFocus);
  document.addEventListener('visibilitychange', onVisibility);
  check(false);
  return {
    stop() {
      channel?.close();
      globalThis.removeEventListener('focus', onFocus);
      document.removeEventListener('visibilitychange', onVisibility);
    },
  };
}
