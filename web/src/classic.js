// The classic-script entry (<script src="appnotify.js">): remembers where the script came from, so
// the .wasm is fetched from beside it, then exposes the API as the global AppNotify.
if (typeof document !== 'undefined' && document.currentScript)
  globalThis.__appnotifyScriptUrl = document.currentScript.src;
