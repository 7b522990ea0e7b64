// The wasm ring for the renderer: every case of tests/vectors/markdown/ against the wasm build.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { loadCore } from './load_core.mjs';
import { loadVectors } from './vectors.mjs';

describe('markdown vectors (wasm)', () => {
  let core;
  before(async () => {
    core = await loadCore();
  });

  for (const { file, spec } of loadVectors('markdown')) {
    test(`${file}: ${spec.name}`, () => {
      const rendered = 'plain' in spec ? core.renderPlainText(spec.plain) : core.renderMarkdown(spec.markdown);
      assert.deepEqual(rendered, { html: spec.html, text: spec.text });
    });
  }

  test('a batch renders each text as a single call would', () => {
    const texts = loadVectors('markdown')
      .filter(({ spec }) => 'markdown' in spec)
      .map(({ spec }) => spec.markdown);
    const batch = core.renderMarkdownBatch(texts);
    assert.equal(batch.length, texts.length);
    texts.forEach((text, i) => assert.deepEqual(batch[i], core.renderMarkdown(text), text));
  });

  test('non-ASCII text and large batches survive the exchange area', () => {
    const texts = Array.from({ length: 3000 }, (_, i) => `**${i}** caf\u00e9 \u{1F514} ${'x'.repeat(i % 700)}`);
    const batch = core.renderMarkdownBatch(texts);
    assert.equal(batch.length, texts.length);
    assert.equal(batch[2999].text, `2999 caf\u00e9 \u{1F514} ${'x'.repeat(2999 % 700)}`);
    assert.equal(batch[5].html, `<p><strong>5</strong> caf\u00e9 \u{1F514} xxxxx</p>\n`);
  });
});
