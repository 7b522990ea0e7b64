// The browser ring: the component in Debian's Chromium against a real appnotifyd. Time in the page
// is driven by Playwright's clock (no sleeping); deliveries wait for the element they produce.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

import { artifacts, openPage, scrollCenter, send, useSite } from './page.mjs';

describe('notification center in Chromium', () => {
  const f = useSite();

  const toast = (page, id) => page.locator(`[data-appnotify-toast="${id}"]`);

  test('a sent notification toasts, visible at 3999 ms and gone at 4000 ms', async () => {
    const { page, context, problems } = await openPage(f.browser, f.site, f.alice);
    await page.clock.pauseAt(Date.now() + 1000);
    const sent = await send(f.site, f.bob, { title: 'Timed toast', owner: f.alice.id, body: 'Hello' });
    assert.equal(sent.status, 204);
    await toast(page, sent.id).waitFor();
    await page.screenshot({ path: path.join(artifacts, 'toast-light.png') });
    await page.clock.runFor(3999);
    assert.equal(await toast(page, sent.id).count(), 1);
    await page.clock.runFor(1);
    assert.equal(await toast(page, sent.id).count(), 0);
    assert.equal(await page.locator('[data-appnotify-count]').textContent(), '1');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('Hidden never toasts; a fourth at once gives the "more" toast; the center lists by priority', async () => {
    const { page, context } = await openPage(f.browser, f.site, f.alice);
    await page.clock.pauseAt(Date.now() + 1000);
    const hidden = await send(f.site, f.bob, { title: 'Hidden one', owner: f.alice.id, toasttype: 200000001 });
    const ids = [];
    for (const title of ['first', 'second', 'third', 'fourth'])
      ids.push((await send(f.site, f.bob, { title, owner: f.alice.id })).id);
    const high = await send(f.site, f.bob, {
      title: 'Urgent',
      owner: f.alice.id,
      priority: 200000001,
      toasttype: 200000001,
    });
    await page.locator('[data-appnotify-toast="more"]').waitFor();
    assert.equal(await page.locator('.toast:not(.more)').count(), 3);
    assert.match(
      await page.locator('[data-appnotify-toast="more"]').textContent(),
      /1 more in the notification center/,
    );
    assert.equal(await toast(page, hidden.id).count(), 0);
    await page.locator('[data-appnotify-bell]').click();
    const items = page.locator('[data-appnotify-item]');
    await items.first().waitFor();
    assert.equal(await items.first().getAttribute('data-appnotify-item'), high.id, 'High priority first');
    assert.equal(await page.locator('[data-appnotify-count]').isHidden(), true, 'opening clears the bell');
    await page.screenshot({ path: path.join(artifacts, 'center-light.png') });
    await context.close();
  });

  test('dismiss and dismiss all delete on the server', async () => {
    const { page, context } = await openPage(f.browser, f.site, f.alice);
    const one = await send(f.site, f.bob, { title: 'To dismiss', owner: f.alice.id, toasttype: 200000001 });
    for (const title of ['rest 1', 'rest 2'])
      await send(f.site, f.bob, { title, owner: f.alice.id, toasttype: 200000001 });
    await page.locator('[data-appnotify-bell]').click();
    const item = page.locator(`[data-appnotify-item="${one.id}"]`);
    await item.waitFor();
    await item.locator('button.x').click();
    await page.waitForFunction(
      async ({ api, id, token }) =>
        (await fetch(`${api}/appnotifications(${id})`, { headers: { Authorization: `Bearer ${token}` } })).status ===
        404,
      { api: f.site.server.api, id: one.id, token: f.alice.token },
    );
    assert.equal(await item.count(), 0);
    await page.locator('.dismiss-all').click();
    await page.waitForFunction(
      async ({ api, token }) =>
        (await (
          await fetch(`${api}/appnotifications/$count`, { headers: { Authorization: `Bearer ${token}` } })
        ).text()) === '0',
      { api: f.site.server.api, token: f.alice.token },
    );
    await context.close();
  });

  test('keyboard: the bell opens the center, Escape closes it and gives focus back', async () => {
    const { page, context } = await openPage(f.browser, f.site, f.alice, { theme: 'dark' });
    await page.locator('[data-appnotify-bell]').focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-appnotify-bell][aria-expanded="true"]').waitFor(); // the panel part, the first time
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('[data-appnotify-bell]').getAttribute('aria-expanded'), 'false');
    assert.equal(
      await page.evaluate(() => document.querySelector('appnotify-center').shadowRoot.activeElement?.className),
      'bell',
    );
    await send(f.site, f.bob, { title: 'Dark theme', owner: f.alice.id, body: '**bold** and _italic_' });
    await page.locator('.toast').first().waitFor();
    await page.screenshot({ path: path.join(artifacts, 'toast-dark.png') });
    await context.close();
  });

  test('XSS payloads in every field execute nothing in the page', async () => {
    const { page, context, problems } = await openPage(f.browser, f.site, f.alice);
    await page.evaluate(() => {
      for (const name of ['alert', 'confirm', 'prompt']) window[name] = () => (window.__xssRan = true);
    });
    const list = readFileSync(path.join(process.cwd(), 'tests/data/xss/payloadbox-xss-payload-list.txt'), 'utf8').split(
      '\n',
    );
    const sample = list.filter((line, i) => line && i % 97 === 0);
    let accepted = 0;
    for (const p of sample) {
      const data = JSON.stringify({
        title: p,
        body: `[${p}](${p}) ![x](${p}) <${p}>`,
        iconUrl: p,
        actions: [{ title: p, data: { url: p } }],
      });
      for (const record of [
        { title: p.slice(0, 256), body: p.slice(0, 500), owner: f.alice.id, toasttype: 200000001 },
        { title: 'x', owner: f.alice.id, icontype: 100000005, toasttype: 200000001, data },
        { title: 'y', owner: f.alice.id, toasttype: 200000001, data: JSON.stringify({ title: p, body: p }) },
      ]) {
        if ((await send(f.site, f.bob, record)).status === 204) accepted += 1;
      }
    }
    assert.ok(accepted > sample.length, `${accepted} payload records reached the page`);
    await page.locator('[data-appnotify-bell]').click();
    await page.locator('[data-appnotify-bell][aria-expanded="true"]').waitFor(); // the panel's part, the first time
    const height = await page.evaluate(() => document.querySelector('appnotify-center').el.list.scrollHeight);
    for (let y = 0; y < height; y += 600) await scrollCenter(page, y);
    const unsafe = await page.evaluate(() => {
      const root = document.querySelector('appnotify-center').shadowRoot;
      const found = [];
      for (const el of root.querySelectorAll('*')) {
        for (const attr of el.attributes) {
          if (/^on/i.test(attr.name)) found.push(`${el.tagName} ${attr.name}`);
          if (['href', 'src'].includes(attr.name) && /^\s*(javascript|data|vbscript):/i.test(attr.value))
            found.push(`${attr.name}=${attr.value}`);
        }
        if (['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'SVG'].includes(el.tagName) && el.closest('.title, .body'))
          found.push(el.tagName);
      }
      return found;
    });
    assert.deepEqual(unsafe, []);
    assert.equal(await page.evaluate(() => window.__xssRan ?? false), false);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a long list draws only the rows in view, in list order, also after scrolling and a new arrival', async () => {
    const { page, context } = await openPage(f.browser, f.site, f.alice);
    for (let i = 0; i < 60; i += 1) {
      await send(f.site, f.bob, { title: `Row ${i}`, owner: f.alice.id, toasttype: 200000001 });
    }
    await page.waitForFunction(() => document.querySelector('appnotify-center').session.order.length === 60);
    await page.locator('[data-appnotify-bell]').click();
    await page.locator('[data-appnotify-item]').first().waitFor();
    // The rows in the DOM are a run of the engine's order, each once, and far fewer than 60.
    const drawnInOrder = () =>
      page.evaluate(() => {
        const center = document.querySelector('appnotify-center');
        const drawn = [...center.shadowRoot.querySelectorAll('[data-appnotify-item]')].map(
          (e) => e.dataset.appnotifyItem,
        );
        const start = center.session.order.indexOf(drawn[0]);
        return { drawn, expected: center.session.order.slice(start, start + drawn.length) };
      });
    let { drawn, expected } = await drawnInOrder();
    assert.deepEqual(drawn, expected);
    assert.ok(drawn.length > 0 && drawn.length < 30, `${drawn.length} rows drawn`);
    await scrollCenter(page, 'end');
    ({ drawn, expected } = await drawnInOrder());
    assert.deepEqual(drawn, expected);
    // The end of the list is drawn, and its last row is the oldest. Rows sent in one millisecond share
    // a createdon and are then ordered by id, so that is a row with the earliest createdon, maybe not Row 0.
    const end = await page.evaluate(() => {
      const center = document.querySelector('appnotify-center');
      const created = (id) => Date.parse(center.session.records.get(id).createdon);
      const earliest = Math.min(...center.session.order.map(created));
      return { lastId: center.session.order.at(-1), lastIsEarliest: created(center.session.order.at(-1)) === earliest };
    });
    assert.equal(drawn.at(-1), end.lastId);
    assert.equal(end.lastIsEarliest, true);
    await scrollCenter(page, 1500);
    const late = await send(f.site, f.bob, { title: 'Late arrival', owner: f.alice.id, toasttype: 200000001 });
    await page.waitForFunction(() => document.querySelector('appnotify-center').session.order.length === 61);
    await scrollCenter(page, 0);
    ({ drawn, expected } = await drawnInOrder());
    assert.deepEqual(drawn, expected);
    assert.equal(drawn[0], late.id, 'the newest first');
    await context.close();
  });

  test("the bell is drawn with the page's first frame, the center's part fetched after it; a click opens the center at once", async () => {
    // A page that creates its center while it is parsed, its first frame held back by a render-blocking
    // script the test holds: the bell is there from the task that creates the center (so in the first
    // frame), and the center's part (appnotify-main.mjs) is not asked for until that frame is out.
    writeFileSync(
      path.join(f.site.dir, 'first-frame.html'),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>first frame</title>
<script src="/dist/appnotify.js"></script><script async blocking="render" src="/held.js"></script></head>
<body><header id="bar"></header><script>
  const center = AppNotify.createNotificationCenter({ baseUrl: '/api/data/v9.2', getToken: () => '', mount: bar });
  const parts = () => [...center.shadowRoot.children].map((element) => element.className);
  window.seen = { paints: performance.getEntriesByType('paint').length, created: parts() };
  requestAnimationFrame(() => (window.seen.atFrame = parts()));
</script></body></html>`,
    );
    const context = await f.browser.newContext();
    const page = await context.newPage();
    const requested = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    let release;
    const held = new Promise((resolve) => (release = resolve));
    await page.route('**/held.js', async (route) => {
      await held;
      await route.fulfill({ contentType: 'text/javascript', body: '' });
    });
    await page.goto(`${f.site.server.origin}/first-frame.html`, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.seen, null, { polling: 10 });
    // A request the page makes after it: any request the center made before has been seen by then.
    const after = page.waitForRequest('**/after-the-bell');
    await page.evaluate(() => fetch('/after-the-bell').catch(() => {}));
    await after;
    const beforeFrame = await page.evaluate(() => ({
      ...window.seen,
      paintsNow: performance.getEntriesByType('paint').length,
    }));
    assert.deepEqual(beforeFrame, { paints: 0, created: ['bell'], paintsNow: 0 });
    assert.deepEqual(
      requested.filter((name) => name.endsWith('.mjs') || name.endsWith('.wasm')),
      [],
      "nothing of the center's part asked for before the page's first frame",
    );
    release();
    await page.waitForFunction(() => window.seen.atFrame);
    assert.deepEqual(await page.evaluate(() => window.seen.atFrame), ['bell']);
    await page.waitForFunction(() => center.el.toasts);
    assert.ok(requested.includes('/dist/appnotify-main.mjs'), "the center's part fetched after the first frame");
    assert.ok(!requested.includes('/dist/appnotify-panel.mjs'), 'the panel part waits for the first open');
    assert.equal(await page.locator('[data-appnotify-bell]').getAttribute('aria-label'), 'Notifications');
    // Once the page has painted, a center is drawn in the task that creates it: the bell alone,
    // named, and the rest follows by itself.
    await page.waitForFunction(() => performance.getEntriesByType('paint').length);
    await page.evaluate(() => {
      window.another = () =>
        AppNotify.createNotificationCenter({ baseUrl: '/api/data/v9.2', getToken: () => '', mount: document.body });
    });
    const alone = await page.evaluate(() => {
      const center = window.another();
      return {
        parts: [...center.shadowRoot.children].map((element) => element.className),
        label: center.el.bell.getAttribute('aria-label'),
      };
    });
    assert.deepEqual(alone, { parts: ['bell'], label: 'Notifications' });
    await page.waitForFunction(() => document.querySelectorAll('appnotify-center')[1].el.toasts);
    // A click in the very task that created it: the center opens (once the panel part is here),
    // saying it is loading (WhoAmI is held, so the center is still loading when it opens).
    let answerWhoAmI;
    const whoAmIHeld = new Promise((resolve) => (answerWhoAmI = resolve));
    await page.route('**/WhoAmI', async (route) => {
      await whoAmIHeld;
      await route.continue();
    });
    const clicked = await page.evaluate(async () => {
      const center = window.another();
      center.el.bell.click();
      const panel = () => center.el.panel && !center.el.panel.hidden;
      while (!panel()) await new Promise((resolve) => setTimeout(resolve, 1));
      return {
        open: !center.el.panel.hidden && center.el.panel.getBoundingClientRect().height > 0,
        status: center.el.status.textContent,
        expanded: center.el.bell.getAttribute('aria-expanded'),
      };
    });
    assert.deepEqual(clicked, { open: true, status: 'Loading notifications…', expanded: 'true' });
    answerWhoAmI();
    await context.close();
  });

  // Alice's page with the files matching `pattern` held on the network until release().
  async function pageHolding(pattern) {
    const context = await f.browser.newContext();
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (error) => problems.push(error.message));
    let release;
    const held = new Promise((resolve) => (release = resolve));
    await page.route(pattern, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${f.site.server.origin}/?user=alice`);
    return { context, page, problems, release };
  }

  test("the page's first script holds only the API and the bell: a click before the rest is here opens the center when it comes", async () => {
    const sent = await send(f.site, f.bob, { title: 'Worth the wait', owner: f.alice.id, toasttype: 200000001 });
    const { context, page, problems, release } = await pageHolding('**/appnotify-main.mjs');
    const bell = page.locator('[data-appnotify-bell]');
    await bell.click();
    // The bell is drawn and named; the center's part is still on the network, so no panel yet.
    assert.equal(await bell.getAttribute('aria-label'), 'Notifications');
    assert.equal(await page.locator('.panel').count(), 0);
    release();
    await page.locator(`[data-appnotify-item="${sent.id}"]`).waitFor();
    assert.equal(await page.locator('.panel').isVisible(), true, 'the click opened it once its part came');
    assert.equal(await bell.getAttribute('aria-expanded'), 'true');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the bell works while the core is still loading: the center opens, says so, and fills itself', async () => {
    const sent = await send(f.site, f.bob, { title: 'Waiting for you', owner: f.alice.id, toasttype: 200000001 });
    const { context, page, problems, release } = await pageHolding('**/appnotify.wasm');
    await page.locator('[data-appnotify-bell]').click();
    await page.locator('.status', { hasText: 'Loading notifications' }).waitFor();
    assert.equal(await page.locator('.panel').isVisible(), true);
    assert.equal(await page.locator('[data-appnotify-item]').count(), 0);
    release();
    await page.locator(`[data-appnotify-item="${sent.id}"]`).waitFor();
    assert.equal(await page.locator('.status').isHidden(), true, 'the loading status is gone');
    assert.equal(await page.locator('.settings').isVisible(), true);
    assert.equal(await page.locator('[data-appnotify-count]').isHidden(), true, 'opened: the bell is cleared');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
