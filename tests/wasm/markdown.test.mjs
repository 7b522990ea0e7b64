// The wasm ring for the renderer: every case of tests/vectors/markdown/ against the wasm build.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { loadCore, splitRendered } from './load_core.mjs';
import { loadVectors } from './vectors.mjs';

describe('markdown vectors (wasm)', () => {
  let core;
  before(async () => {
    core = await loadCore();
  });

  for (const { file, spec } of loadVectors('markdown')) {
    test(`${file}: ${spec.name}`, () => {
      const raw = 'plain' in spec ? core.renderPlainText(spec.plain) : core.renderMarkdown(spec.markdown);
      assert.deepEqual(splitRendered(raw), [{ html: spec.html, text: spec.text }]);
    });
  }

  test('a batch renders each text as a single call would', () => {
    const texts = loadVectors('markdown')
      .filter(({ spec }) => 'markdown' in spec)
      .map(({ spec }) => spec.markdown.replaceAll('\0', '\uFFFD'));
    const batch = splitRendered(core.renderMarkdownBatch(texts.join('\0')));
    assert.equal(batch.length, texts.length);
    texts.forEach((text, i) => assert.deepEqual(batch[i], splitRendered(core.renderMarkdown(text))[0], text));
  });
});
