// Writes the seed corpora for the fuzz targets from the shared vectors: node make_corpus.mjs DIR.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { inputText, loadVectors } from '../wasm/vectors.mjs';

const [outDir] = process.argv.slice(2);
// Center scenarios as the wire text they become (a rough but useful seed: the fuzzer finds the rest).
const centerSeeds = [
  'list\t10\t2\nitem\ta\t1\t200000001\t200000000\t60\nitem\tb\t2026-11-27T00:00:00.000Z\t\t\t',
  'created\ta\t0\t200000000\t200000000\t5\x01hover\ta\x01unhover\ta\x01dismiss\ta\x01deleteResult\ta\tfailed',
  'restore\t5\ta b\tc\x01open\x01close\x01settings\t0\t100\x01dismissAll\x01time\t99999',
];

const querySeeds = [
  "$filter=title eq 'x' and (priority ge 200000000 or not (body eq null))&$top=5",
  "$filter=contains(title,'50%') or createdon lt 2026-11-27T00:00:00Z&$orderby=title desc,createdon",
  '$select=title,body&$count=true&$skiptoken=100',
  '$filter=_ownerid_value eq 6f9619ff-8b86-d011-b42d-00c04fc964ff',
];

const corpora = {
  odata_query_fuzzer: querySeeds,
  center_fuzzer: centerSeeds,
  markdown_fuzzer: loadVectors('markdown').map(({ spec }) => spec.markdown ?? spec.plain),
  validate_fuzzer: loadVectors('validate').map(({ spec }) => inputText(spec)),
};
for (const [target, inputs] of Object.entries(corpora)) {
  const dir = path.join(outDir, target);
  mkdirSync(dir, { recursive: true });
  inputs.forEach((input, i) => writeFileSync(path.join(dir, `seed-${i}`), input));
}
