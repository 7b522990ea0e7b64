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

const wasm = file('appnotify.wasm');
const parts = sections(wasm);
const figures = {
  budget: 60000,
  pages: ['appnotify.mjs', 'appnotify.js'].map((script) => {
    const js = gz(file(script));
    const w = gz(wasm);
    return { script, js, wasm: w, total: js + w };
  }),
  wasm: { raw: wasm.length, codeGzip: gz(parts[10]), dataGzip: gz(parts[11] ?? Buffer.alloc(0)) },
};
figures.notes = [
  `The wasm: ${figures.wasm.raw.toLocaleString('en-US')} bytes raw; its code section compresses to ` +
    `${figures.wasm.codeGzip.toLocaleString('en-US')} bytes, its data (about half of it the HTML entity table) to ` +
    `${figures.wasm.dataGzip.toLocaleString('en-US')}.`,
  'Steps, measured on 2026-11-27 (gzip -9 of the wasm): the HTML5 entity table as one string generated from ' +
    "md4c's entity.c instead of md4c's table of pointers: 142.1 -> 135.9 kB (data 29.4 -> 23.0 kB). Tried and " +
    'not kept, because the renderer must stay >= 4x markdown-it: -Oz everywhere 115.8 kB (-18%) but the renderer at ' +
    '60-68k bodies/s instead of 110-147k; -Oz with the hot paths (md4c, the writer, the bindings, the center engine) ' +
    'at -O3 and an -O3 link 112.5-114.3 kB, but the renderer 10-15% and the center engine about 20% slower (its ' +
    '< 5 ms target at risk); -O2 131.1 kB at 82-87k/s; an -Oz link of -O3 code 141.3 kB at 89-99k/s. ' +
    'Already in place: no filesystem, no exceptions, no RTTI, no embind type names.',
  'Where the rest is (-O3, function names kept): libc++ 101 kB of code, nlohmann/json 58 kB (the core parses and ' +
    'builds JSON with it), md4c 38 kB, our own 32 kB, the bindings with what -O3 inlined into them 69 kB; the ' +
    "Emscripten glue with embind is 6.4 kB of the JS. Next steps toward 60 kB: the core's own small JSON value " +
    'instead of nlohmann, the renderer hot path without std::string (so that -Oz elsewhere does not slow it), ' +
    'plain exports instead of embind.',
];
mkdirSync(path.join(root, 'build/bench'), { recursive: true });
writeFileSync(path.join(root, 'build/bench/size.json'), JSON.stringify(figures, null, 2));
console.log(JSON.stringify(figures, null, 2));
