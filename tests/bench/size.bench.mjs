// The package's download size (gzip -9), page by page, and where the wasm's bytes are: its code and
// data sections compressed on their own. Writes build/bench/size.json for scripts/bench.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { BELL_STYLES, CENTER_STYLES, PANEL_STYLES } from '../../web/src/bell/styles.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.join(root, 'web/dist');
const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;
const file = (name) => readFileSync(path.join(dist, name));

// The sections of a wasm binary: {id: bytes}.
function sections(wasm) {
  const found = {};
  let at = 8;
  const leb = () => {
    let value = 0;
    let shift = 0;
    let byte;
    do {
      byte = wasm[at++];
      value |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    return value >>> 0;
  };
  while (at < wasm.length) {
    const id = wasm[at++];
    const size = leb();
    found[id] = Buffer.concat([found[id] ?? Buffer.alloc(0), wasm.subarray(at, at + size)]);
    at += size;
  }
  return found;
}

const gzOf = (name) => gz(file(name));
const wasmParts = (name) => {
  const bytes = file(name);
  const parts = sections(bytes);
  return { raw: bytes.length, gzip: gz(bytes), codeGzip: gz(parts[10]), dataGzip: gz(parts[11] ?? Buffer.alloc(0)) };
};
const display = wasmParts('appnotify.wasm');
const largestLocale = Math.max(
  ...readdirSync(dist)
    .filter((name) => name.startsWith('appnotify-locale-'))
    .map(gzOf),
);
const validator = wasmParts('appnotify-validate.wasm');
const figures = {
  budget: 60000,
  // A page with a center downloads the script, the main part it fetches after the page's first frame
  // and appnotify.wasm (named references cost it nothing: the browser decodes them); a page that
  // validates too (ready(), Xrm.WebApi.createRecord) also appnotify-validate.wasm.
  pages: ['appnotify.mjs', 'appnotify.js'].flatMap((script) => {
    const js = gzOf(script) + gzOf('appnotify-main.mjs');
    return [
      {
        page: `${script} + appnotify-main.mjs + appnotify.wasm (a page with a center)`,
        js,
        wasm: display.gzip,
        total: js + display.gzip,
      },
      {
        page: `${script} + appnotify-main.mjs + appnotify.wasm + appnotify-panel.mjs (the first open) + the largest locale: all a center can load (ceiling 80,000)`,
        js: js + gzOf('appnotify-panel.mjs') + largestLocale,
        wasm: display.gzip,
        total: js + gzOf('appnotify-panel.mjs') + largestLocale + display.gzip,
        beyondBudget: true,
      },
      {
        page: `${script} + appnotify-main.mjs + both wasm modules (a page that validates too)`,
        js,
        wasm: display.gzip + validator.gzip,
        total: js + display.gzip + validator.gzip,
        beyondBudget: true,
      },
    ];
  }),
  display,
  validator,
};
const kb = (n) => `${(n / 1000).toFixed(1)} kB`;
figures.notes = [
  `appnotify.wasm (rendering, URL policy, center engine): ${kb(display.gzip)}, its code ${kb(display.codeGzip)} and ` +
    `its data ${kb(display.dataGzip)} compressed on their own (${display.raw.toLocaleString('en-US')} bytes raw). ` +
    `appnotify-validate.wasm (the validator): ${kb(validator.gzip)}, code ${kb(validator.codeGzip)}, data ` +
    `${kb(validator.dataGzip)}.`,
  'The budget counts what every page with a center downloads, and that is all it downloads: named references ' +
    "(`&copy;`, `&rarr;`) are decoded by the browser's own HTML parser, which the renderer asks for each one it " +
    'meets (core/include/appnotify/html_entities.h). appnotify-entities.json, their table, is read only where no ' +
    'browser decodes them (node, workers). The package test in Chromium checks all 2,125 names against the table, ' +
    'and that a page never fetches it.',
  'Steps on 2026-11-26 and 27, the page with a center as the ES module plus its wasm. Steps 1-6 with gzip -9 on ' +
    "the command line (about 0.8 kB tighter on these files than the table's zlib), the later ones with the table's " +
    "zlib. (1) The HTML5 entity table as one string instead of md4c's table of pointers: wasm 142.1 -> 135.9 kB. " +
    '(2) Plain wasm exports instead of embind, and no Emscripten JavaScript glue (a standalone module that imports ' +
    'two functions; web/src/wasm/instantiate.js is its loader): the same single module 137.2 -> 127.1 kB of wasm, and the JS ' +
    '18.0 -> 11.7 kB. (3) emmalloc instead of dlmalloc: -2.4 kB. (4) The validator in its own module, fetched only ' +
    "by pages that validate: the center page's wasm 124.7 -> 65.4 kB (the validator 72.2 kB on its own). " +
    '(5) The entity table in code point order, varint deltas, with a hash index built on first use: 65.4 -> 62.4 kB. ' +
    "(6) Link-time optimization, and the validator's sources at -Oz: 62.4 -> 61.1 kB, the validator 72.2 -> 53.8 kB. " +
    '(7) The center engine with fewer library templates (one merge sort, dismissed ids as 64-bit hashes, engines in a ' +
    'vector, its answer written without temporary strings): 61.9 -> 58.5 kB. (8) The named references out of ' +
    'appnotify.wasm, installed at run time from a text file fetched when needed: wasm 58.5 -> 51.0 kB, the JS ' +
    '+0.3 kB for fetching it and drawing again. (9) Three WebAssembly features every current browser has ' +
    '(bulk memory, sign extension, saturating float-to-int): -0.3 kB. (10) md4c at -Os: 50.7 -> 47.7 kB; the ' +
    'renderer keeps 4.6-5.4x markdown-it (4.8-5.6x at -O3, alternating in this session). (11) The classic script ' +
    "without CommonJS interop (node's modules through process.getBuiltinModule, the global set as a plain object): " +
    "12.6 -> 12.2 kB. (12) The center engine's ids in open-addressing tables of its own instead of libc++'s " +
    'unordered containers, and the toasts of a large list picked without sorting every candidate: 47.7 -> 46.8 kB, ' +
    'and the engine 4.50 -> 3.64 ms for 5,000 notifications (alternating in one process). (13) The named ' +
    'references decoded by the browser, which the renderer asks for each one (a wasm import), instead of a table ' +
    "installed in the module: the wasm 46.8 -> 45.9 kB (the table's reader leaves it), the JS +0.2 kB, and a page " +
    'never downloads the 7.2 kB table. In all: 155.2 -> 58.2 kB for a page with a center. Also: no filesystem, no ' +
    'exceptions, no RTTI. On 2026-12-03, for the first frame: (14) the script split in two, the public API and the ' +
    'bell (what a page parses before its first frame: 5.9 kB minified instead of 39 kB) and the main part it fetches ' +
    'after that frame: +0.9 kB in all, the two files compressing apart; (15) paid for by the center engine built ' +
    'for size, its id tables at -Os and the rest at -O2, as fast alternating in one session: wasm 46.5 -> 45.5 kB; ' +
    "(16) the bell's style sheet apart from the center's: +0.05 kB. The page with a center (classic script): 59,975 -> 59,992 bytes. " +
    "On 2026-12-04: (17) the bell drawn right after the page's first frame instead of before it: +0.05 kB, paid for by " +
    "the bell's sheet without a mirroring rule its symmetric glyph never needed, a default font list of system-ui and " +
    "sans-serif (every current browser has system-ui), and the bell's markup set in one go: 59,992 -> 59,980 bytes. " +
    "On 2026-12-05: (18) the element's box held from its connection (one :host rule, so that the bell drawn after the " +
    "first frame moves nothing), paid for by the theme's properties out of the bell's sheet (the bell takes the " +
    "page's text colour, and focus rings their text's): 59,980 -> 59,952 bytes. On 2026-12-06: (19) the queue the " +
    "classic script runs for a page that loads it async (+0.1 kB), paid for by the center's markup appended by its " +
    'only user and the element defined only as the package loads: 59,952 -> 59,979 bytes (the ES module page 59,867); ' +
    "(20) the bell drawn with the page again, the center's part fetched after the first frame, and the bell's sheet " +
    "one with the element's box: 59,979 -> 59,970 bytes; (21) a center row's title and body held under names " +
    "that are not the row's title attribute (a title cut short offered no Show more): 59,970 -> 59,980 bytes; " +
    '(22) the center as parts composed by the element, the panel and its list in a part of their own fetched at ' +
    'the first open (2026-12-07): 59,991 -> 58,242 bytes before the first open, 62,242 for all a center can load.',
  'Tried and not kept, because the renderer must stay >= 4x markdown-it and the center engine under 5 ms for ' +
    '5,000 notifications: everything at -Oz with link-time optimization (the renderer at 57-77k bodies/s instead of ' +
    '155-165k, the engine at 7.4-14.9 ms); the center engine at -Os before step 12, -1.6 kB but 6.4 ms against 4.6 ' +
    'alternating in one process (at -Oz, -3.6 kB at 5.7-9.2 ms); md4c at -O2 without link-time optimization, ' +
    "-0.5 kB; collapsing the CSS's whitespace, -0.1 kB; the whole center engine at -Os, -1.4 kB but 5.9-7.1 ms " +
    'against 2.6-3.6 ms at -O3.',
  "Where the center page's bytes are now: code (md4c at -Os, our writer at -O3, the engine at -O2 and -Os, " +
    `link-time optimized) and md4c's Unicode tables in the wasm. The JS is ${kb(gzOf('appnotify.mjs'))} for ` +
    `the API and the bell (${kb(file('appnotify.mjs').length)} minified, the element's and the ` +
    `bell's CSS ${kb(BELL_STYLES.length)} of it) and ${kb(gzOf('appnotify-main.mjs'))} for the main part ` +
    `(${kb(file('appnotify-main.mjs').length)} minified, the center's CSS ${kb(CENTER_STYLES.length)} of it); ` +
    `the panel's part, fetched at the first open, ${kb(gzOf('appnotify-panel.mjs'))} (its CSS ${kb(PANEL_STYLES.length)}).`,
];
mkdirSync(path.join(root, 'build/bench'), { recursive: true });
writeFileSync(path.join(root, 'build/bench/size.json'), JSON.stringify(figures, null, 2));
console.log(JSON.stringify(figures, null, 2));
