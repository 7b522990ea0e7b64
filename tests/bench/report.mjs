// Writes docs/benchmarks.md from the figures the benchmarks left in build/bench/*.json.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (name) => {
  const file = path.join(root, 'build/bench', `${name}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
};
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const ratio = (n) => `${n.toFixed(2)}x`;
const verdict = (value, target) => (value >= target ? 'met' : 'not met');

const lines = [
  '# Benchmarks',
  '',
  `Written by \`scripts/bench\` on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} cores ` +
    `(${os.cpus()[0]?.model.trim()}), node ${process.version}. Figures are medians of interleaved rounds.`,
  '',
];

const markdown = read('markdown');
if (markdown) {
  const d = markdown.docsPerSecond;
  const r = markdown.ratios;
  lines.push(
    '## Markdown rendering',
    '',
    `Corpus: ${markdown.corpus.docs} notification bodies of ${markdown.corpus.averageBytes} bytes on average ` +
      '(links, emphasis, lists, line breaks). Peers run with raw HTML off and autolinks and line breaks on, as ours.',
    '',
    '| renderer | bodies/s |',
    '|---|---:|',
    `| appnotify native (C++, md4c parser) | ${fmt(d.native)} |`,
    `| appnotify wasm, one call per body (boundary included) | ${fmt(d.wasmPerCall)} |`,
    `| appnotify wasm, batch of 1000 (boundary included) | ${fmt(d.wasmBatch)} |`,
    `| markdown-it 15 | ${fmt(d.markdownIt)} |`,
    `| marked | ${fmt(d.marked)} |`,
    '',
    '| ratio | measured | target | |',
    '|---|---:|---:|---|',
    `| wasm / markdown-it | ${ratio(r.wasmOverMarkdownIt)} | 4x | ${verdict(r.wasmOverMarkdownIt, 4)} |`,
    `| wasm / marked | ${ratio(r.wasmOverMarked)} | 3x | ${verdict(r.wasmOverMarked, 3)} |`,
    `| wasm / native | ${ratio(r.wasmOverNative)} | 0.70x | ${verdict(r.wasmOverNative, 0.7)} |`,
    '',
  );
}

const center = read('center');
if (center) {
  lines.push(
    '## Notification center engine',
    '',
    '| measurement | measured | target | |',
    '|---|---:|---:|---|',
    `| wasm: ingest ${fmt(center.notifications)} records and answer the ordered list (median) | ` +
      `${center.medianMs.toFixed(2)} ms | < ${center.targetMs} ms | ${center.medianMs < center.targetMs ? 'met' : 'not met'} |`,
    `| same, 90th percentile | ${center.p90Ms.toFixed(2)} ms | | |`,
    '',
  );
}

mkdirSync(path.join(root, 'docs'), { recursive: true });
writeFileSync(path.join(root, 'docs/benchmarks.md'), lines.join('\n'));
console.log(lines.join('\n'));
