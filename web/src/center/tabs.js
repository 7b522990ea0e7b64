// A center's place among its user's tabs: only the tab the user is looking at toasts (presence.js);
// the others learn of toasts and dismissals at once through a BroadcastChannel. Answers
// {tell(message), stop()}; `on` hears {seen(ids), dismissed(ids), here(boolean)}.
import { watchPresence } from './presence.js';

export function joinTabs(user, on) {
  const channel = 'BroadcastChannel' in globalThis ? new BroadcastChannel(`appnotify:${user}`) : null;
  if (channel) {
    channel.onmessage = ({ data }) => {
      if (data?.type === 'seen') on.seen(data.ids);
      if (data?.type === 'dismissed') on.dismissed(data.ids);
    };
  }
  const presence = watchPresence(user, on.here);
  return {
    tell: (message) => channel?.postMessage(message),
    stop() {
      channel?.close();
      presence.stop();
    },
  };
}
