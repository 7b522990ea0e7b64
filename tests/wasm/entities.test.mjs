// Named references in the display module (core/include/appnotify/html_entities.h): appnotify.wasm has
// no table of them and asks its host for each name. In a page the browser's HTML parser answers (here
// the WHATWG parser parse5 stands in for it; tests/browser/package.test.mjs runs Chromium's); under
// node the package answers from appnotify-entities.json. Without a decoder, rendering is safe and, as a
// browser shows it, the same text; with one, it is exact.
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { parseFragment } from 'parse5';

import { entityCode } from '../../web/src/wasm/entities.js';
import { entityTable, loadCore, wasmDir } from './load_core.mjs';
import { loadVectors } from './vectors.mjs';

const names = Object.keys(entityTable);

// What a browser shows of an HTML fragment: its text, as the WHATWG parser decodes it.
function shown(html) {
  const text = (node) => (node.nodeName === '#text' ? node.value : (node.childNodes ?? []).map(text).join(''));
  return text(parseFragment(html));
}

describe('named references without a decoder (wasm display module)', () => {
  let bare; // no decoder set
  let full; // decoding from appnotify-entities.json, as ready() does under node
  before(async () => {
    [bare, full] = await Promise.all([loadCore({ entities: false }), loadCore()]);
  });

  test('a named reference stays a reference, and the render says it needs a decoder', () => {
    assert.deepEqual(bare.renderMarkdown('&copy; 2026 &amp; **more**'), {
      html: '<p>&copy; 2026 &amp; <strong>more</strong></p>\n',
      text: '&copy; 2026 &amp; more',
      needsEntities: true,
    });
    assert.deepEqual(full.renderMarkdown('&copy; 2026 &amp; **more**'), {
      html: '<p>\u00a9 2026 &amp; <strong>more</strong></p>\n',
      text: '\u00a9 2026 & more',
    });
  });

  test('numeric references, text without references and plain text need no decoder', () => {
    assert.deepEqual(bare.renderMarkdown('&#169; &#x1F514; a & b'), full.renderMarkdown('&#169; &#x1F514; a & b'));
    assert.deepEqual(bare.renderPlainText('&copy;'), { html: '&amp;copy;', text: '&copy;' });
  });

  test('a link whose address holds a named reference shows as its text; its title as written', () => {
    const unsafe = '[x](java&Tab;script:alert(1)) [y](javascript&colon;alert(1))';
    assert.deepEqual(bare.renderMarkdown(unsafe), { html: '<p>x y</p>\n', text: 'x y', needsEntities: true });
    assert.equal(full.renderMarkdown(unsafe).html, '<p>x y</p>\n');
    const query = '[r](/report?a=1&amp;b=2)';
    assert.deepEqual(bare.renderMarkdown(query), { html: '<p>r</p>\n', text: 'r', needsEntities: true });
    assert.match(full.renderMarkdown(query).html, /<a href="\/report\?a=1&amp;b=2" data-appnotify-link="app">r<\/a>/);
    const titled = bare.renderMarkdown('[r](/r "&copy; me")');
    assert.match(titled.html, /title="&amp;copy; me"/);
    assert.equal(titled.needsEntities, true);
  });

  test('every vector shows the same text in a browser with or without a decoder, links held aside', () => {
    let differing = 0;
    for (const { file, spec } of loadVectors('markdown')) {
      if (!('markdown' in spec)) continue;
      const before = bare.renderMarkdown(spec.markdown);
      const after = full.renderMarkdown(spec.markdown);
      if (!before.needsEntities) {
        assert.deepEqual(before, after, `${file}: ${spec.name}`);
        continue;
      }
      differing += 1;
      const heldLinks = /<a /.test(after.html) && !/<a /.test(before.html);
      if (!heldLinks) assert.equal(shown(before.html), shown(after.html), `${file}: ${spec.name}`);
    }
    assert.ok(differing >= 2, `the vectors hold named references (${differing})`);
  });

  test('from appnotify-entities.json, all 2,125 names decode as the WHATWG HTML parser decodes them', () => {
    assert.equal(names.length, 2125);
    const rendered = full.renderMarkdownBatch(names.map((name) => `a&${name};b`));
    const wrong = names.filter((name, i) => rendered[i].text !== shown(`a&${name};b`) || rendered[i].needsEntities);
    assert.deepEqual(wrong, []);
  });
});

describe("named references decoded by the host (the browser's HTML parser in a page)", () => {
  let full;
  let hosted;
  const asked = [];
  before(async () => {
    full = await loadCore();
    hosted = await loadCore({ resolveEntity: (name) => (asked.push(name), entityCode(shown(`&${name};`))) });
  });

  test('every vector and all 2,125 names, in text and in links, render as from the table', () => {
    for (const { file, spec } of loadVectors('markdown')) {
      if ('markdown' in spec) {
        assert.deepEqual(
          hosted.renderMarkdown(spec.markdown),
          full.renderMarkdown(spec.markdown),
          `${file}: ${spec.name}`,
        );
      }
    }
    const texts = names.map((name) => `a&${name};b [l](/x?&${name};)`);
    assert.deepEqual(hosted.renderMarkdownBatch(texts), full.renderMarkdownBatch(texts));
  });

  test('names that are not references stay as written, as with the table', () => {
    const text = '&notit; &ampx; &foo; &Copy; &copy &#169; &semi; [a](/a?b&c;d)';
    assert.deepEqual(hosted.renderMarkdown(text), full.renderMarkdown(text));
    assert.match(hosted.renderMarkdown('&notit;').html, /&amp;notit;/);
  });

  test('the host is asked only for a name of letters and digits, without "&" and ";"', () => {
    asked.length = 0;
    hosted.renderMarkdown('&copy; &#169; &x-y; & &; [a](/b "&rarr;")');
    assert.deepEqual([...new Set(asked)].sort(), ['copy', 'rarr']);
  });

  test("a host's answer is taken only when it is one or two Unicode scalar values", async () => {
    const M = 0x200000;
    const bad = [-1, -2, 0, NaN, Infinity, 1e300, 0x110000 * M, 0xd800 * M, 65 * M + 0xdfff, 65 * M + 0x110000];
    for (const answer of bad) {
      const core = await loadCore({ resolveEntity: () => answer });
      const rendered = core.renderMarkdown('x &copy; y');
      assert.deepEqual(rendered, { html: '<p>x &amp;copy; y</p>\n', text: 'x &copy; y' }, String(answer));
    }
    const two = await loadCore({ resolveEntity: () => 0x1f514 * M + 0x1f515 });
    assert.equal(two.renderMarkdown('&copy;').text, '\u{1F514}\u{1F515}');
  });
});

describe('named references through the package loader (web/src/wasm/loader.js, under node)', () => {
  test('a table that cannot be read or is not one rejects, and the next call tries again', async () => {
    const { loadCore: loadDisplay, loadEntities } = await import('../../web/src/wasm/loader.js');
    const wasmUrl = path.join(wasmDir, 'appnotify.wasm');
    const core = await loadDisplay({ wasmUrl });
    await assert.rejects(loadEntities({ wasmUrl, entitiesUrl: path.join(wasmDir, 'no-such-file.json') }), /ENOENT/);
    for (const notTheTable of ['appnotify.wasm', '../../../package.json']) {
      await assert.rejects(
        loadEntities({ wasmUrl, entitiesUrl: path.join(wasmDir, notTheTable) }),
        /is not the named references' table/,
      );
    }
    assert.equal(core.renderMarkdown('&copy;').needsEntities, true);
    await loadEntities({ wasmUrl }); // beside the module
    assert.deepEqual(core.renderMarkdown('&copy;'), { html: '<p>\u00a9</p>\n', text: '\u00a9' });
    assert.equal(core.renderMarkdown('&constructor; &toString;').text, '&constructor; &toString;');
  });
});
