// The package's download size (gzip -9), page by page, and where the wasm's bytes are: its code and
// data sections compressed on their own. Writes build/bench/size.json for scripts/bench.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

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
const validator = wasmParts('appnotify-validate.wasm');
const figures = {
  budget: 60000,
  // A page with a center downloads the script and appnotify.wasm; a page that validates too
  // (ready(), Xrm.WebApi.createRecord) also appnotify-validate.wasm.
  pages: ['appnotify.mjs', 'appnotify.js'].flatMap((script) => {
    const js = gzOf(script);
    return [
      { page: `${script} + appnotify.wasm (a page with a center)`, js, wasm: display.gzip, total: js + display.gzip },
      {
        page: `${script} + both wasm modules (a page that validates too)`,
        js,
        wasm: display.gzip + validator.gzip,
        total: js + display.gzip + validator.gzip,
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
  'Steps, measured on 2026-11-27, the page with a center as the ES module plus its wasm. Steps 1-6 with gzip -9 on ' +
    "the command line (about 0.8 kB tighter on these files than the table's zlib), step 7 with the table's zlib. " +
    "(1) The HTML5 entity table as one string instead of md4c's table of pointers: wasm 142.1 -> 135.9 kB. " +
    '(2) Plain wasm exports instead of embind, and no Emscripten JavaScript glue (a standalone module that imports ' +
    'two functions; web/src/wasm.js is its loader): the same single module 137.2 -> 127.1 kB of wasm, and the JS ' +
    '18.0 -> 11.7 kB. (3) emmalloc instead of dlmalloc: -2.4 kB. (4) The validator in its own module, fetched only ' +
    "by pages that validate: the center page's wasm 124.7 -> 65.4 kB (the validator 72.2 kB on its own). " +
    '(5) The entity table in code point order, varint deltas, with a hash index built on first use: 65.4 -> 62.4 kB. ' +
    "(6) Link-time optimization, and the validator's sources at -Oz: 62.4 -> 61.1 kB, the validator 72.2 -> 53.8 kB; " +
    'the renderer and the center engine as fast as before or faster. (7) The center engine with fewer library ' +
    'templates: one merge sort instead of std::sort and std::partial_sort, dismissed ids kept as 64-bit hashes like ' +
    'the toasted ones, engines in a vector instead of a hash map, its answer written without temporary strings: ' +
    '61.9 -> 58.5 kB, as fast. In all: 155.2 -> 70.2 kB for a page with a center. Already in place: no filesystem, ' +
    'no exceptions, no RTTI.',
  'Tried and not kept, because the renderer must stay >= 4x markdown-it and the center engine under 5 ms for ' +
    '5,000 notifications: everything at -Oz with link-time optimization, 55.4 kB of wasm before step 5, with the ' +
    'renderer at 57-77k bodies/s instead of 155-165k and the engine at 7.4-14.9 ms instead of 3.7-4.2; the center ' +
    'engine alone at -Oz, -3.6 kB at 5.7-9.2 ms; md4c at -Os, -3.0 kB, but the renderer at 4.13-4.36x markdown-it ' +
    "against 4.36-4.83x, too thin a margin on this VM; collapsing the CSS's whitespace, -0.1 kB.",
  "Where the center page's bytes are now: without the center engine appnotify.wasm would be 43.6 kB (md4c, our " +
    'writer, the entity table, the URL policy), so the engine and its share of libc++ are about 15 kB. Code (-O3 ' +
    'with link-time optimization, function names kept): md4c 38 kB raw, libc++ 18 kB, our own 20 kB, and the entry ' +
    "points 33 kB with what was inlined into them; data: the entity table and md4c's Unicode tables. The JS is " +
    "11.7 kB; of its 33 kB minified, the center's UI is 14.8 kB and its CSS 6.3 kB. Next toward 60 kB: the engine's " +
    'hash map of strings, and a renderer fast enough that md4c can be built for size.',
];
mkdirSync(path.join(root, 'build/bench'), { recursive: true });
writeFileSync(path.join(root, 'build/bench/size.json'), JSON.stringify(figures, null, 2));
console.log(JSON.stringify(figures, null, 2));
