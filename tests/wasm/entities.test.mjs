// The named references' table in the display module (core/include/appnotify/html_entities.h): left
// out of appnotify.wasm, installed at run time from appnotify-entities.txt. Before it is installed,
// rendering is safe and, as a browser shows it, the same text; after, it is exact.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { parseFragment } from 'parse5';

import { loadCore, wasmDir } from './load_core.mjs';
import { loadVectors } from './vectors.mjs';

const table = readFileSync(path.join(wasmDir, 'appnotify-entities.txt'), 'utf8');
const names = table.slice(0, table.indexOf('\n')).split(';').slice(0, -1);

// What a browser shows of an HTML fragment: its text, as the WHATWG parser decodes it.
function shown(html) {
  const text = (node) => (node.nodeName === '#text' ? node.value : (node.childNodes ?? []).map(text).join(''));
  return text(parseFragment(html));
}

describe('named references (wasm display module)', () => {
  let bare; // as a page's center first loads it: no table
  let full; // after the table is installed
  before(async () => {
    [bare, full] = await Promise.all([loadCore({ entities: false }), loadCore()]);
  });

  test('without the table a named reference stays a reference, and the render asks for the table', () => {
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

  test('numeric references, text without references and plain text need no table', () => {
    assert.deepEqual(bare.renderMarkdown('&#169; &#x1F514; a & b'), full.renderMarkdown('&#169; &#x1F514; a & b'));
    assert.deepEqual(bare.renderPlainText('&copy;'), { html: '&amp;copy;', text: '&copy;' });
  });

  test('a link whose address holds a named reference waits for the table; its title shows as written', () => {
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

  test('every vector shows the same text in a browser with or without the table, links waiting aside', () => {
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

  test('all 2,125 names decode as the WHATWG HTML parser decodes them', () => {
    assert.equal(names.length, 2125);
    const rendered = full.renderMarkdownBatch(names.map((name) => `a&${name};b`));
    const wrong = names.filter((name, i) => rendered[i].text !== shown(`a&${name};b`) || rendered[i].needsEntities);
    assert.deepEqual(wrong, []);
  });

  test('installing accepts only the table, and once there it stays', async () => {
    const core = await loadCore({ entities: false });
    const broken = [
      '',
      'copy;',
      'copy\n',
      table.slice(0, -1), // a value cut short
      `${table}A`, // a value too many
      table.replace('copy;', 'co py;'),
      table.replace('\n', ';\n'), // an empty name
      table.replace(/\n.*/s, '\n' + '~'.repeat(names.length)), // varints that never end
    ];
    for (const text of broken) assert.equal(core.installEntities(text), false, JSON.stringify(text.slice(0, 40)));
    assert.equal(core.renderMarkdown('&copy;').needsEntities, true);
    assert.equal(core.installEntities(table), true);
    assert.equal(core.renderMarkdown('&copy;').text, '\u00a9');
    assert.equal(core.installEntities('not a table'), true, 'the installed table stays');
    assert.equal(core.renderMarkdown('&copy;').text, '\u00a9');
  });
});

describe('named references through the package loader (web/src/loader.js, under node)', () => {
  test('a table that cannot be read or is not one rejects, and the next call tries again', async () => {
    const { loadCore: loadDisplay, loadEntities } = await import('../../web/src/loader.js');
    const wasmUrl = path.join(wasmDir, 'appnotify.wasm');
    const core = await loadDisplay({ wasmUrl });
    await assert.rejects(loadEntities({ wasmUrl, entitiesUrl: path.join(wasmDir, 'no-such-file.txt') }), /ENOENT/);
    await assert.rejects(
      loadEntities({ wasmUrl, entitiesUrl: path.join(wasmDir, 'appnotify.wasm') }),
      /is not the named references' table/,
    );
    assert.equal(core.renderMarkdown('&copy;').needsEntities, true);
    await loadEntities({ wasmUrl }); // beside the module
    assert.deepEqual(core.renderMarkdown('&copy;'), { html: '<p>\u00a9</p>\n', text: '\u00a9' });
  });
});
