// Reads the shared vectors (tests/vectors/<suite>/*.json), the same files the native ring runs.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const vectorsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../vectors');

export function loadVectors(suite) {
  const dir = path.join(vectorsDir, suite);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .flatMap((file) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')).map((spec) => ({ file, spec })));
}

export function inputText(spec) {
  return 'inputText' in spec ? spec.inputText : JSON.stringify(spec.input);
}
