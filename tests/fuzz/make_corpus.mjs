// Writes the seed corpora for the fuzz targets from the shared vectors: node make_corpus.mjs DIR.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { inputText, loadVectors } from '../wasm/vectors.mjs';

const [outDir] = process.argv.slice(2);
const corpora = {
  markdown_fuzzer: loadVectors('markdown').map(({ spec }) => spec.markdown ?? spec.plain),
  validate_fuzzer: loadVectors('validate').map(({ spec }) => inputText(spec)),
};
for (const [target, inputs] of Object.entries(corpora)) {
  const dir = path.join(outDir, target);
  mkdirSync(dir, { recursive: true });
  inputs.forEach((input, i) => writeFileSync(path.join(dir, `seed-${i}`), input));
}
