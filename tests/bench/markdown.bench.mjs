// Markdown throughput, side by side in one node process: the wasm renderer (one call per text, and
// the batch form, both including the JS/wasm boundary), markdown-it 15 and marked (raw HTML off,
// with autolinks and line breaks on, as ours), and the native build on the same corpus (a child
// process). Prints a table and writes build/bench/markdown.json for scripts/bench.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import MarkdownIt from 'markdown-it';
import { Marked } from 'marked';

import { loadCore } from '../wasm/load_core.mjs';
import { makeCorpus } from './corpus.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = path.join(root, 'build/bench');
const SECONDS = Number(process.env.APPNOTIFY_BENCH_SECONDS || 4); // per renderer

const escapeHtml = (s) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

// Median docs/s of each renderer over seven rounds, the renderers taking turns within each round
// so that a slow moment of the machine does not fall on one of them alone.
function measureAll(docs, renderers) {
  const rounds = Object.fromEntries(Object.keys(renderers).map((name) => [name, []]));
  for (const renderAll of Object.values(renderers)) renderAll(docs); // warm-up
  for (let round = 0; round < 7; round += 1) {
    for (const [name, renderAll] of Object.entries(renderers)) {
      let passes = 0;
      const start = process.hrtime.bigint();
      let elapsed = 0;
      do {
        renderAll(docs);
        passes += 1;
        elapsed = Number(process.hrtime.bigint() - start) / 1e9;
      } while (elapsed < SECONDS / 7);
      rounds[name].push((passes * docs.length) / elapsed);
    }
  }
  return Object.fromEntries(Object.entries(rounds).map(([name, r]) => [name, r.sort((a, b) => a - b)[3]]));
}

const docs = makeCorpus();
const bytes = docs.reduce((sum, d) => sum + Buffer.byteLength(d), 0);
mkdirSync(outDir, { recursive: true });
const corpusFile = path.join(outDir, 'markdown-corpus.bin');
writeFileSync(corpusFile, docs.join('\0'));

const core = await loadCore();
const markdownIt = new MarkdownIt({ html: false, linkify: true, breaks: true });
const marked = new Marked({ breaks: true, renderer: { html: ({ text }) => escapeHtml(text) } });

let sink = 0;
const nativeBinary = path.join(root, 'build/native/tests/bench/appnotify_markdown_bench');
const runNative = () =>
  JSON.parse(execFileSync(nativeBinary, [corpusFile, String(SECONDS / 2)], { encoding: 'utf8' })).docsPerSecond;
const nativeBefore = runNative();
const results = measureAll(docs, {
  wasmPerCall: (all) => all.forEach((d) => (sink += core.renderMarkdown(d).html.length)),
  wasmBatch: (all) => (sink += core.renderMarkdownBatch(all).length),
  markdownIt: (all) => all.forEach((d) => (sink += markdownIt.render(d).length)),
  marked: (all) => all.forEach((d) => (sink += marked.parse(d).length)),
});
// The native build runs before and after the JS rounds; the better of the two is its figure.
results.native = Math.max(nativeBefore, runNative());

const wasm = Math.max(results.wasmPerCall, results.wasmBatch);
const figures = {
  corpus: { docs: docs.length, averageBytes: Math.round(bytes / docs.length) },
  docsPerSecond: Object.fromEntries(Object.entries(results).map(([k, v]) => [k, Math.round(v)])),
  ratios: {
    wasmOverMarkdownIt: wasm / results.markdownIt,
    wasmOverMarked: wasm / results.marked,
    wasmOverNative: wasm / results.native,
    wasmPerCallOverNative: results.wasmPerCall / results.native,
  },
  targets: { wasmOverMarkdownIt: 4, wasmOverMarked: 3, wasmOverNative: 0.7 },
};
writeFileSync(path.join(outDir, 'markdown.json'), JSON.stringify(figures, null, 2));

console.log(`markdown corpus: ${docs.length} bodies, ${figures.corpus.averageBytes} bytes on average`);
for (const [name, value] of Object.entries(figures.docsPerSecond)) {
  console.log(
    `  ${name.padEnd(12)} ${String(value).padStart(9)} docs/s  ${((value * bytes) / docs.length / 1e6).toFixed(1)} MB/s`,
  );
}
for (const [name, value] of Object.entries(figures.ratios)) {
  const target = figures.targets[name];
  console.log(`  ${name.padEnd(22)} ${value.toFixed(2)}x${target ? `  (target >= ${target}x)` : ''}`);
}
if (sink === 0) console.log('');
