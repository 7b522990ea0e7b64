// The host page holds still while the center arrives: the element takes the bell's box from the
// frame it is first drawn in (with the bell in it, the rest after that frame), so neither
// the bell, nor its count, nor the center's building moves anything around it. Checked with
// Chromium's own layout-shift entries (what Cumulative Layout Shift adds up) and the element's box.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';

import { send, useSite } from './page.mjs';

// Records every layout shift of the page from its start (run before the page's own scripts).
function recordShifts() {
  window.shifts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const moved = entry.sources.map((source) => source.node?.nodeName ?? '?').join(', ');
      window.shifts.push(`${entry.value.toFixed(5)} at ${Math.round(entry.startTime)} ms (${moved})`);
    }
  }).observe({ type: 'layout-shift', buffered: true });
}

// Hosts that create their center while they are parsed, so that it is in the page's first frame:
// a line of large text with the bell in the middle of it, a flex header, and the first mirrored.
const TEXT_LINE = '<header style="font-size:24px">Contoso <span id="slot"></span> <button>menu</button></header>';
const HOSTS = {
  'a line of 24 px text': { dir: 'ltr', body: TEXT_LINE },
  'a flex header': {
    dir: 'ltr',
    body: `<header style="display:flex;align-items:center;gap:8px;padding:4px 12px"><b>Contoso</b>
      <span style="flex:1"></span><span id="slot"></span><button>menu</button></header>`,
  },
  'a line of 24 px text, right to left': { dir: 'rtl', body: TEXT_LINE },
};

const hostPage = ({ dir, body }, token) => `<!doctype html>
<html lang="en" dir="${dir}"><head><meta charset="utf-8"><title>host</title>
<script src="/dist/appnotify.js"></script></head>
<body>${body}<main><p>The page's content, below its header.</p></main><script>
  const center = AppNotify.createNotificationCenter({ baseUrl: '/api/data/v9.2', getToken: () => '${token}', mount: slot });
  const box = () => JSON.stringify(center.getBoundingClientRect());
  // An animation-frame callback runs before its frame's style and layout: the box read there is the
  // one that frame draws.
  requestAnimationFrame(() => (window.firstFrame = { box: box(), drawn: center.shadowRoot.children.length }));
  window.boxNow = box;
</script></body></html>`;

// Opens `url` and waits until it has settled. With `scriptAfterPaint`, the package's script is held
// back until the page has painted: the center comes into a page already on the screen.
async function load(browser, url, viewport, { scriptAfterPaint = false } = {}) {
  const context = await browser.newContext({ viewport });
  await context.addInitScript(recordShifts);
  let release = () => {};
  if (scriptAfterPaint) {
    const painted = new Promise((resolve) => (release = resolve));
    await context.route('**/dist/appnotify.js', async (route) => {
      await painted;
      await route.continue();
    });
  }
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => performance.getEntriesByType('paint').length > 0);
  release();
  await settled(page);
  return { context, page };
}

// Waits until the center is live with its count drawn, and two frames more (layout shifts are
// reported after the frame they happen in).
async function settled(page) {
  await page.waitForFunction(() => {
    const center = document.querySelector('appnotify-center');
    return center?.session?.transport?.streaming && center.el?.toasts && !center.el.count.hidden;
  });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

describe('the host page holds still while the center arrives', () => {
  const f = useSite();
  before(async () => {
    for (const [i, host] of Object.values(HOSTS).entries()) {
      writeFileSync(path.join(f.site.dir, `host-${i}.html`), hostPage(host, f.alice.token));
    }
  });

  for (const [i, name] of Object.keys(HOSTS).entries()) {
    test(`${name}: the bell's box from the first frame, no layout shift`, async () => {
      await send(f.site, f.bob, { title: 'Counted', owner: f.alice.id, toasttype: 200000001 });
      const { context, page } = await load(f.browser, `${f.site.server.origin}/host-${i}.html`, {
        width: 1000,
        height: 600,
      });
      const { firstFrame, now, shifts } = await page.evaluate(() => ({
        firstFrame: window.firstFrame,
        now: window.boxNow(),
        shifts: window.shifts,
      }));
      assert.equal(firstFrame.drawn, 1, 'the bell drawn in the first frame');
      assert.equal(firstFrame.box, now, "the first frame's box is the bell's");
      assert.equal(JSON.parse(now).width, 36);
      assert.deepEqual(shifts, []);
      await context.close();
    });
  }

  test('a center placed in markup, its place held by the rule the README gives until the script defines it', async () => {
    await send(f.site, f.bob, { title: 'Counted', owner: f.alice.id, toasttype: 200000001 });
    writeFileSync(
      path.join(f.site.dir, 'markup.html'),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>markup</title>
<style>appnotify-center:not(:defined) { display: inline-block; width: 36px; height: 36px; vertical-align: middle; }</style>
<script>
  window.AppNotifyToken = '${f.alice.token}';
  requestAnimationFrame(() => (window.definedAtFirstPaint = Boolean(customElements.get('appnotify-center'))));
</script><script defer src="/dist/appnotify.js"></script></head>
<body><header style="font-size:24px">Contoso <appnotify-center base-url="/api/data/v9.2"></appnotify-center>
<button>menu</button></header><main><p>The page's content, below its header.</p></main></body></html>`,
    );
    const { context, page } = await load(
      f.browser,
      `${f.site.server.origin}/markup.html`,
      { width: 1000, height: 600 },
      { scriptAfterPaint: true },
    );
    assert.equal(await page.evaluate(() => window.definedAtFirstPaint), false);
    assert.deepEqual(await page.evaluate(() => window.shifts), []);
    await context.close();
  });

  test('the demo page, its center created after its first paint in a slot that holds the place', async () => {
    await send(f.site, f.bob, { title: 'Counted', owner: f.alice.id, toasttype: 200000001 });
    const { context, page } = await load(
      f.browser,
      `${f.site.server.origin}/?user=alice`,
      { width: 1280, height: 720 },
      { scriptAfterPaint: true },
    );
    assert.deepEqual(await page.evaluate(() => window.shifts), []);
    await context.close();
  });
});
