// Where the package's files lie: beside the script (the classic script's URL, see classic-queue.js, or this
// module's), and the package's main part, which both entries fetch from there.
export const scriptBase = () => globalThis.__appnotifyScriptUrl ?? import.meta.url;

/** The URL of a file of the package that lies beside the script (ESM or classic). */
export const besideScript = (name) => new URL(name, scriptBase()).href;

let main = null;

/**
 * The package's main part (dist/appnotify-main.mjs, src/center/main.js): the wasm core's loader and the
 * center's workings. Fetched once, after the page's first frame (or at the first click on a bell, or
 * by ready()): the page parses only the bell before it. A failed fetch is tried again at the next call.
 */
export function loadMain() {
  main ??= import(besideScript('appnotify-main.mjs')).catch((error) => {
    main = null;
    throw error;
  });
  return main;
}
