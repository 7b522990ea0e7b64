// Security ring: every line of tests/data/xss/payloadbox-xss-payload-list.txt, in every field that
// reaches the page and in every place markdown gives it meaning, rendered by the wasm build and
// parsed by a real HTML parser (parse5, the WHATWG algorithm). Whatever a sender writes, the
// output may hold only allow-listed elements and attributes, and no URL a browser would run.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, describe, test } from 'node:test';
import { parseFragment } from 'parse5';

import { loadCore } from './load_core.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const listPath = process.env.APPNOTIFY_XSS_LIST || path.join(root, 'tests/data/xss/payloadbox-xss-payload-list.txt');

const ALLOWED = {
  p: [],
  br: [],
  strong: [],
  em: [],
  code: [],
  ul: [],
  ol: ['start'],
  li: [],
  a: ['href', 'title', 'rel', 'target', 'data-appnotify-link'],
};
const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:', 'tel:']);

// The protocol a browser would use for this href on an https page (WHATWG URL, as in Chromium).
function protocolOf(href, base = 'https://app.example/main.aspx') {
  try {
    return new URL(href, base).protocol;
  } catch {
    return 'invalid:'; // a URL the browser cannot parse does not navigate
  }
}

// Every problem with one rendered fragment, as readable strings (empty when it is safe).
function violations(html) {
  const found = [];
  const walk = (node) => {
    for (const child of node.childNodes ?? []) {
      if (child.nodeName === '#text') continue;
      if (child.nodeName === '#comment') {
        found.push('comment node');
        continue;
      }
      const allowed = ALLOWED[child.tagName];
      if (!allowed) found.push(`element <${child.tagName}>`);
      for (const { name, value } of child.attrs ?? []) {
        if (!allowed?.includes(name)) found.push(`attribute ${name} on <${child.tagName}>`);
        if (name === 'href' && !SAFE_PROTOCOLS.has(protocolOf(value))) found.push(`href ${value}`);
        if (name === 'start' && !/^\d+$/.test(value)) found.push(`start=${value}`);
      }
      walk(child);
    }
  };
  walk(parseFragment(html));
  return found;
}

const PLACEMENTS = {
  'as it is': (p) => p,
  'as a link target': (p) => `[x](${p})`,
  'as an image': (p) => `![x](${p})`,
  'as an autolink': (p) => `<${p}>`,
  'as link text': (p) => `[${p}](/ok)`,
};

describe('XSS payloads (wasm renderer, parsed by parse5)', () => {
  let core;
  let bare; // with no decoder of named references set (core decodes them from their table)
  let payloads;
  before(async () => {
    [core, bare] = await Promise.all([loadCore(), loadCore({ entities: false })]);
    assert.ok(existsSync(listPath), `the payload list is missing: ${listPath}`);
    payloads = readFileSync(listPath, 'utf8')
      .split('\n')
      .filter((line) => line.length > 0);
    assert.ok(payloads.length > 6000, `expected the 6,613 payloads, found ${payloads.length}`);
  });

  function assertAllSafe(inputs, render) {
    const failures = [];
    for (const input of inputs) {
      const { html } = render(input);
      const found = violations(html);
      if (found.length > 0) failures.push({ input, html, found });
    }
    assert.deepEqual(failures.slice(0, 5), [], `${failures.length} unsafe outputs`);
  }

  for (const [placement, place] of Object.entries(PLACEMENTS)) {
    for (const table of ['decoded', 'not decoded']) {
      test(`markdown fields (data.title, data.body): every payload ${placement}, named references ${table}`, () => {
        const inputs = payloads.map(place);
        const rendered = (table === 'decoded' ? core : bare).renderMarkdownBatch(inputs);
        assert.equal(rendered.length, inputs.length);
        let i = 0;
        assertAllSafe(inputs, () => rendered[i++]);
      });
    }
  }

  test('plain fields (title, body, action titles): every payload is text', () => {
    const failures = [];
    for (const payload of payloads) {
      const { html, text } = core.renderPlainText(payload);
      const found = violations(html);
      // Plain text holds no markup at all except line breaks, and says exactly what was sent.
      const elements = html.match(/<(?!br>)/g);
      if (found.length > 0 || elements || text !== payload.replaceAll('\r', '')) failures.push({ payload, html });
    }
    assert.deepEqual(failures.slice(0, 5), [], `${failures.length} unsafe outputs`);
  });

  test('action URLs: the validator accepts only URLs a browser would open as http(s), mailto, tel or in-app', () => {
    const owner = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
    const failures = [];
    let accepted = 0;
    for (const payload of payloads) {
      const data = JSON.stringify({ actions: [{ title: 'Go', data: { url: payload } }] });
      const result = core.validateNotification({ title: 'x', owner, data });
      if (!result.ok) continue;
      accepted += 1;
      if (!SAFE_PROTOCOLS.has(protocolOf(payload))) failures.push(payload);
    }
    assert.deepEqual(failures.slice(0, 5), [], `${failures.length} unsafe URLs accepted`);
    assert.ok(accepted > 0, 'some payloads are harmless relative URLs and must be accepted');
  });

  test('iconUrl: the validator accepts only images a browser would load over https or from the app', () => {
    const owner = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
    const failures = [];
    for (const payload of payloads) {
      const data = JSON.stringify({ iconUrl: payload });
      const result = core.validateNotification({ title: 'x', owner, icontype: 100000005, data });
      if (result.ok && protocolOf(payload) !== 'https:') failures.push(payload);
    }
    assert.deepEqual(failures.slice(0, 5), [], `${failures.length} unsafe icon URLs accepted`);
  });
});
