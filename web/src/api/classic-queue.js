// The classic-script entry (<script src="appnotify.js">): remembers where the script came from, so
// the .wasm is fetched from beside it, then exposes the API as the global AppNotify.
if (typeof document !== 'undefined' && document.currentScript)
  globalThis.__appnotifyScriptUrl = document.currentScript.src;

// The seed document's examples call the global Xrm.WebApi; a page without a real Xrm gets ours
// (a Dynamics page keeps its own).
export function offerXrmGlobal(xrm) {
  if (typeof globalThis.Xrm === 'undefined') globalThis.Xrm = xrm;
}

/**
 * Runs what a page queued for the API before the script ran (an async script runs whenever it has
 * arrived, so the page's code may come first or after): the functions in globalThis.AppNotifyQueue,
 * each called with the API, in order. From then on AppNotifyQueue.push calls at once, so one line
 * serves both orders: (globalThis.AppNotifyQueue ??= []).push((AppNotify) => ...). A function that
 * throws is reported (as an uncaught error would be) and the others still run.
 */
export function runQueue(api) {
  const queued = globalThis.AppNotifyQueue;
  const push = (...calls) =>
    calls.forEach((call) => {
      try {
        call(api);
      } catch (error) {
        reportError(error);
      }
    });
  globalThis.AppNotifyQueue = { push };
  if (Array.isArray(queued)) push(...queued);
}
