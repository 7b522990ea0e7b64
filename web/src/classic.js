// The classic-script entry (<script src="appnotify.js">): remembers where the script came from, so
// the .wasm is fetched from beside it, then exposes the API as the global AppNotify.
if (typeof document !== 'undefined' && document.currentScript)
  globalThis.__appnotifyScriptUrl = document.currentScript.src;

// The seed document's examples call the global Xrm.WebApi; a page without a real Xrm gets ours
// (a Dynamics page keeps its own).
export function offerXrmGlobal(xrm) {
  if (typeof globalThis.Xrm === 'undefined') globalThis.Xrm = xrm;
}
