// Placement where users put the bell: at each corner and the middle, in phone and wide windows, in
// right-to-left pages, inside a scrolled and inside a transformed container, and after a resize.
// Each time the open center's box and a toast's box lie inside the viewport, and the center's
// controls are the topmost element at their own centre (clickable, not covered or cut off).
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, describe, test } from 'node:test';

import { artifacts, send, useSite } from './page.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

const CASES = [
  { name: 'top left', width: 1280, height: 720, query: 'x=4px&y=4px' },
  { name: 'top right', width: 1280, height: 720, query: 'x=end&y=4px' },
  { name: 'bottom left', width: 1280, height: 720, query: 'x=4px&y=end' },
  { name: 'bottom right', width: 1280, height: 720, query: 'x=end&y=end' },
  { name: 'middle of a 600 px window', width: 600, height: 720, query: 'x=260px&y=300px' },
  { name: '320 px phone', width: 320, height: 640, query: 'x=end&y=4px', sheet: true },
  { name: '420 px, bell at the left', width: 420, height: 700, query: 'x=4px&y=4px', sheet: true },
  { name: '1920 px', width: 1920, height: 1080, query: 'x=end&y=4px' },
  { name: 'right to left, bell at the left', width: 1280, height: 720, query: 'x=4px&y=4px&dir=rtl' },
  { name: 'right to left, bell at the right', width: 1280, height: 720, query: 'x=end&y=4px&dir=rtl' },
  { name: 'inside a scrolled container', width: 1000, height: 720, query: 'x=end&y=800px&wrap=scroll', scroll: 600 },
  { name: 'inside a transformed container', width: 1280, height: 720, query: 'x=end&y=4px&wrap=transform' },
];

// What lies outside the viewport or is covered, as readable strings (empty when all is well).
function problemsIn(page) {
  return page.evaluate(() => {
    const center = document.querySelector('appnotify-center');
    const root = center.shadowRoot;
    const out = [];
    const inside = (what, element) => {
      const r = element.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) return out.push(`${what} has no box`);
      if (r.left < -0.5 || r.top < -0.5 || r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5) {
        out.push(
          `${what} at ${[r.left, r.top, r.right, r.bottom].map(Math.round)} outside ${innerWidth}x${innerHeight}`,
        );
      }
    };
    const clickable = (what, element) => {
      inside(what, element);
      const r = element.getBoundingClientRect();
      const hit = root.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      if (!element.contains(hit)) out.push(`${what} is covered by ${hit?.outerHTML.slice(0, 60)}`);
    };
    if (center.el.panel && !center.el.panel.hidden) {
      inside('the center', center.el.panel);
      if (center.session.order.length > 0) clickable('"Dismiss all"', center.el.dismissAll);
      clickable('the close button', center.el.close);
      clickable('"Show toasts"', center.el.toastsEnabled);
      clickable('the toast duration', center.el.duration);
      const row = root.querySelector('[data-appnotify-item]');
      if (row) clickable("a row's dismiss button", row.querySelector('button.x'));
    }
    if (!center.el.toasts.hidden) {
      for (const toast of root.querySelectorAll('[data-appnotify-toast]')) inside('a toast', toast);
    }
    return out;
  });
}

describe('placement in Chromium', () => {
  const f = useSite();
  before(() => cpSync(path.join(here, 'placement.html'), path.join(f.site.dir, 'placement.html')));

  async function open(c) {
    const context = await f.browser.newContext({ viewport: { width: c.width, height: c.height } });
    const page = await context.newPage();
    await page.goto(`${f.site.server.origin}/placement.html?${c.query}`);
    await page.waitForFunction(() => document.querySelector('appnotify-center')?.session?.transport?.streaming);
    if (c.scroll) await page.evaluate((top) => (document.querySelector('.scroller').scrollTop = top), c.scroll);
    return { context, page };
  }

  for (const c of CASES) {
    test(`${c.name}: the toast and the open center inside the viewport, every control clickable`, async () => {
      const { context, page } = await open(c);
      const sent = await send(f.site, f.bob, {
        title: `Placed: ${c.name}`,
        body: 'Case record assigned to you is critically past SLA and has been escalated to your manager.',
        owner: f.alice.id,
      });
      await page.locator(`[data-appnotify-toast="${sent.id}"]`).waitFor();
      assert.deepEqual(await problemsIn(page), [], 'the toast');
      await page.locator('[data-appnotify-bell]').click();
      await page.locator(`[data-appnotify-item="${sent.id}"]`).waitFor();
      assert.deepEqual(await problemsIn(page), [], 'the open center');
      const box = await page.evaluate(() => {
        const r = document.querySelector('appnotify-center').el.panel.getBoundingClientRect();
        return { width: r.width, height: r.height };
      });
      if (c.sheet) assert.deepEqual(box, { width: c.width, height: c.height }, 'below 480 px: a full sheet');
      else assert.ok(box.width < c.width, 'wider windows: a panel beside the bell');
      await page.screenshot({ path: path.join(artifacts, `placement-${c.name.replaceAll(/\W+/g, '-')}.png`) });
      await context.close();
    });
  }

  test('the open center follows a resize from wide to phone and back, and a scroll of its container', async () => {
    const { context, page } = await open({ width: 1280, height: 720, query: 'x=end&y=800px&wrap=scroll', scroll: 600 });
    await page.locator('[data-appnotify-bell]').click();
    await page.locator('.panel').waitFor();
    const bellAndPanel = () =>
      page.evaluate(() => {
        const { bell, panel } = document.querySelector('appnotify-center').el;
        return { bell: bell.getBoundingClientRect().bottom, panel: panel.getBoundingClientRect().top };
      });
    const before = await bellAndPanel();
    // The browser moves an anchored box with its anchor's scroll at the next frame.
    await page.evaluate(async () => {
      document.querySelector('.scroller').scrollTop = 500;
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      await frame();
      await frame();
    });
    const after = await bellAndPanel();
    assert.equal(Math.round(after.bell - before.bell), 100, 'the bell moved with the scroll');
    assert.equal(
      Math.round(after.panel - after.bell),
      Math.round(before.panel - before.bell),
      'and the center with it',
    );
    for (const [width, height] of [
      [400, 700],
      [1280, 720],
    ]) {
      await page.setViewportSize({ width, height });
      assert.deepEqual(await problemsIn(page), [], `at ${width}x${height}`);
    }
    await context.close();
  });

  test('the toasts go to the corner the position option names, mirrored in right-to-left pages', async () => {
    const { context, page } = await open({ width: 1280, height: 720, query: 'x=4px&y=4px&position=top-start' });
    const sent = await send(f.site, f.bob, { title: 'Cornered', owner: f.alice.id });
    await page.locator(`[data-appnotify-toast="${sent.id}"]`).waitFor();
    // All corners in one task, while the toast shows: the region's distance from each edge.
    const gaps = await page.evaluate(() => {
      const center = document.querySelector('appnotify-center');
      const gapsNow = () => {
        const r = center.el.toasts.getBoundingClientRect();
        return [r.left, r.top, innerWidth - r.right, innerHeight - r.bottom].map(Math.round);
      };
      const out = { 'top-start (the option)': gapsNow() };
      for (const dir of ['ltr', 'rtl']) {
        document.documentElement.dir = dir;
        for (const position of ['bottom-end', 'top-end', 'bottom-start', 'top-start']) {
          center.setAttribute('position', position);
          out[`${position} ${dir}`] = gapsNow();
        }
      }
      return out;
    });
    // [left, top, right, bottom] gaps: 16 px on the two sides of its corner.
    const corner = (position, dir) => {
      const [block, inline] = position.split('-');
      const left = (inline === 'start') === (dir === 'ltr');
      return (gap) => [left ? gap[0] : gap[2], block === 'top' ? gap[1] : gap[3]];
    };
    for (const [name, gap] of Object.entries(gaps)) {
      const [position, dir] = name.startsWith('top-start (') ? ['top-start', 'ltr'] : name.split(' ');
      assert.deepEqual(corner(position, dir)(gap), [16, 16], `${name}: gaps ${gap}`);
    }
    await context.close();
  });
});
