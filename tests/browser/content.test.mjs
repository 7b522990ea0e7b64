// Full content: rows take the height their content needs, bodies are clamped on whole lines with an
// ellipsis (two lines in the center, three in a toast), and a clamped notification expands in place
// by mouse or keyboard, announced to assistive technology (aria-expanded), axe clean.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';

import { artifacts, axeScan, openPage, send, useSite } from './page.mjs';

const LINE = 18; // px: the body's line height
const SLA = {
  title: 'SLA critical',
  icontype: 100000002,
  data: JSON.stringify({
    body:
      'Case record [Complete overhaul required (sample)](?pagetype=entityrecord&etn=incident&id=b1f670b2-6567-eb11-bb2b-000d3ac2be4d) ' +
      'assigned to you is **critically** past SLA and has been escalated to your manager.',
    actions: [
      { title: 'Open case', data: { url: '?case=1', navigationTarget: 'inline' } },
      { title: 'Escalate further to the regional lead', data: { url: '?case=2', navigationTarget: 'newWindow' } },
    ],
  }),
};
const LONG = {
  title: 'A very long title that certainly does not fit on one line of the notification center panel at all',
  data: JSON.stringify({
    body:
      'First paragraph of a long body.\n\nA second paragraph, long enough to wrap onto another line and then ' +
      'onto a third, and some more words so that it needs a fourth.\n\n- a list item\n- another list item',
  }),
};
const SHORT = { title: 'Short', body: 'One line.' };
const LONG_TITLE = { title: LONG.title }; // no body: the title alone is cut

// Each row's box and its parts' boxes, the body's lines, and whether it offers to expand.
const rows = (page) =>
  page.evaluate(() =>
    [...document.querySelector('appnotify-center').el.spacer.querySelectorAll('[data-appnotify-item]')].map((row) => {
      const r = row.getBoundingClientRect();
      const outside = [...row.children]
        .filter((child) => child.getClientRects().length > 0)
        .filter((child) => {
          const c = child.getBoundingClientRect();
          return c.top < r.top - 0.5 || c.bottom > r.bottom + 0.5 || c.left < r.left - 0.5 || c.right > r.right + 0.5;
        })
        .map((child) => child.className);
      const body = row.querySelector('.body');
      const toggle = row.querySelector('.toggle');
      return {
        id: row.dataset.appnotifyItem,
        top: r.top,
        bottom: r.bottom,
        outside,
        bodyHeight: body.clientHeight,
        bodyCut: body.scrollHeight > body.clientHeight,
        toggle: toggle.hidden ? null : toggle.getAttribute('aria-expanded'),
        tooltip: row.getAttribute('title'),
      };
    }),
  );

describe('full content in Chromium', () => {
  const f = useSite();

  test('long, short and mixed bodies: rows fit their content, clamp on whole lines, expand in place by mouse and keyboard', async () => {
    const { page, context, problems } = await openPage(f.browser, f.site, f.alice);
    const ids = {};
    for (const [name, spec] of Object.entries({ SLA, LONG, SHORT, LONG_TITLE })) {
      const sent = await send(f.site, f.bob, { ...spec, owner: f.alice.id, toasttype: 200000001 });
      assert.equal(sent.status, 204, sent.text);
      ids[name] = sent.id;
    }
    await page.locator('[data-appnotify-bell]').click();
    await page.waitForFunction(() => document.querySelector('appnotify-center').el.spacer?.children.length === 4);
    const byId = async () => Object.fromEntries((await rows(page)).map((row) => [row.id, row]));
    let drawn = await byId();
    const ordered = Object.values(drawn).sort((a, b) => a.top - b.top);
    for (let i = 1; i < ordered.length; i += 1) {
      assert.ok(Math.abs(ordered[i].top - ordered[i - 1].bottom) < 1, 'rows follow each other without overlap');
    }
    for (const row of ordered) {
      assert.deepEqual(row.outside, [], `nothing overflows row ${row.id}`);
      assert.equal(row.bodyHeight % LINE, 0, `the body shows whole lines (${row.bodyHeight} px)`);
      assert.equal(row.tooltip, null, `no tooltip on row ${row.id}`);
    }
    assert.equal(drawn[ids.SHORT].toggle, null, 'a short one has nothing more to show');
    assert.equal(drawn[ids.LONG].toggle, 'false', 'a long one offers the rest');
    assert.equal(drawn[ids.LONG].bodyCut, true);
    assert.equal(drawn[ids.LONG_TITLE].toggle, 'false', 'a title cut short offers the rest too');

    // Expand by mouse: all of it shows, in place, and what follows moves down.
    const toggle = page.locator(`[data-appnotify-item="${ids.LONG}"] .toggle`);
    const before = drawn;
    await toggle.click();
    await page.waitForFunction((id) => {
      const row = document.querySelector('appnotify-center').shadowRoot.querySelector(`[data-appnotify-item="${id}"]`);
      return row.classList.contains('expanded');
    }, ids.LONG);
    drawn = await byId();
    const long = drawn[ids.LONG];
    assert.equal(long.toggle, 'true');
    assert.equal(long.bodyCut, false, 'expanded: nothing cut');
    assert.ok(long.bottom - long.top > before[ids.LONG].bottom - before[ids.LONG].top + LINE, 'the row grew');
    assert.deepEqual(long.outside, []);
    for (const row of Object.values(drawn)) {
      if (row.top > long.top) assert.ok(row.top >= long.bottom - 0.5, 'rows below moved down');
    }
    assert.deepEqual(await axeScan(page), [], 'axe, expanded');
    await page.screenshot({ path: path.join(artifacts, 'center-expanded.png') });

    // Collapse by keyboard.
    await toggle.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => {
      const row = document.querySelector('appnotify-center').shadowRoot.querySelector(`[data-appnotify-item="${id}"]`);
      return !row.classList.contains('expanded');
    }, ids.LONG);
    drawn = await byId();
    assert.equal(drawn[ids.LONG].toggle, 'false');
    assert.equal(
      Math.round(drawn[ids.LONG].bottom - drawn[ids.LONG].top),
      Math.round(before[ids.LONG].bottom - before[ids.LONG].top),
    );
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a toast clamps its body on whole lines, at most three', async () => {
    const { page, context } = await openPage(f.browser, f.site, f.alice);
    const sent = await send(f.site, f.bob, { ...LONG, owner: f.alice.id });
    const toast = page.locator(`[data-appnotify-toast="${sent.id}"]`);
    await toast.waitFor();
    const body = await toast.evaluate((element) => {
      const b = element.querySelector('.body');
      return { height: b.clientHeight, cut: b.scrollHeight > b.clientHeight };
    });
    assert.equal(body.height, 3 * LINE);
    assert.equal(body.cut, true);
    await context.close();
  });
});
