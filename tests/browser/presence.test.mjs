// Toasts go to the tab the user is looking at. Tabs of one user in one browser context; which one
// is visible and focused is emulated in each page (document.visibilityState, document.hasFocus and
// the events a browser fires when they change). Every toast any page of the context draws is
// reported to the test, across reloads, so "exactly once" is counted, not inferred.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { within } from '../server/harness.mjs';
import { send, useSite } from './page.mjs';

// Reports each toast element the first time it appears in a page, with the page load it is in (a
// MutationObserver on the center's shadow root: no timers, which the page's clock would hold).
function reportToasts() {
  window.appnotifyLoad = crypto.randomUUID();
  const reported = new Set();
  new MutationObserver(() => {
    const center = document.querySelector('appnotify-center');
    if (!center?.shadowRoot || center.watched) return;
    center.watched = true;
    new MutationObserver(() => {
      for (const toast of center.shadowRoot.querySelectorAll('[data-appnotify-toast]')) {
        const id = toast.getAttribute('data-appnotify-toast');
        if (id !== 'more' && !reported.has(id)) {
          reported.add(id);
          window.reportToast(window.appnotifyLoad, id);
        }
      }
    }).observe(center.shadowRoot, { childList: true, subtree: true });
  }).observe(document, { childList: true, subtree: true });
}

// Every toast the pages of a context drew: {load, id}, in order.
function drawLog() {
  const log = [];
  const waiters = [];
  return {
    add(load, id) {
      log.push({ load, id });
      for (const w of waiters.filter((w) => w.id === id && (w.load === undefined || w.load === load))) w.resolve();
    },
    /** Resolves once `id` was drawn (in page load `load`, when given). */
    drawn(load, id) {
      if (log.some((d) => d.id === id && (load === undefined || d.load === load))) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ load, id, resolve }));
    },
    count: (id, load) => log.filter((d) => d.id === id && (load === undefined || d.load === load)).length,
    all: () => [...log],
  };
}

// What the browser says and does when a tab is shown, hidden, focused or left.
async function look(page, { visible, focused }) {
  await page.evaluate(
    ({ visible, focused }) => {
      Object.defineProperty(document, 'visibilityState', {
        configurable: true,
        get: () => (visible ? 'visible' : 'hidden'),
      });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => !visible });
      document.hasFocus = () => focused;
      document.dispatchEvent(new Event('visibilitychange'));
      window.dispatchEvent(new Event(focused ? 'focus' : 'blur'));
    },
    { visible, focused },
  );
}

describe('the tab the user is looking at toasts', () => {
  const f = useSite();

  async function tabs(count) {
    const context = await f.browser.newContext();
    const draws = drawLog();
    await context.exposeBinding('reportToast', (_source, load, id) => draws.add(load, id));
    await context.addInitScript(reportToasts);
    const pages = [];
    for (let i = 0; i < count; i += 1) {
      const page = await context.newPage();
      await page.clock.install();
      await page.goto(`${f.site.server.origin}/?user=alice`);
      await page.waitForFunction(() => document.querySelector('appnotify-center')?.session?.transport?.streaming);
      pages.push(page);
    }
    const listed = (id) =>
      Promise.all(
        pages.map((page) =>
          page.waitForFunction((x) => document.querySelector('appnotify-center').session.order.includes(x), id),
        ),
      );
    // Waits until `page` shows the toast of `id`.
    const toasting = (page, id) =>
      page.waitForFunction(
        (x) => document.querySelector('appnotify-center').session.state.toasts.some((t) => t.id === x),
        id,
      );
    const toastsIn = (page) =>
      page.evaluate(() => document.querySelector('appnotify-center').session.state.toasts.map((t) => t.id));
    return { context, pages, draws, listed, toasting, toastsIn };
  }
  const notify = async (title) => {
    const sent = await send(f.site, f.bob, { title, owner: f.alice.id });
    assert.equal(sent.status, 204);
    return sent.id;
  };

  test('of three tabs only the visible, focused one toasts; the toast follows the user to another tab', async () => {
    const { context, pages, draws, listed, toasting, toastsIn } = await tabs(3);
    const [a, b, c] = pages;
    await look(b, { visible: false, focused: false });
    await look(c, { visible: false, focused: false });
    await look(a, { visible: true, focused: true });
    const first = await notify('To the first tab');
    await listed(first);
    await toasting(a, first);
    assert.deepEqual([await toastsIn(b), await toastsIn(c)], [[], []]);

    // The user goes to the second tab.
    await look(a, { visible: false, focused: false });
    await look(b, { visible: true, focused: true });
    const second = await notify('To the second tab');
    await listed(second);
    await toasting(b, second);
    assert.ok(!(await toastsIn(a)).includes(second));
    assert.ok(!(await toastsIn(c)).includes(second));
    assert.deepEqual([draws.count(first), draws.count(second)], [1, 1]);
    await context.close();
  });

  test('with no tab in view none toasts and nothing counts as seen; the user coming back gets it once while fresh', async () => {
    const { context, pages, draws, listed, toasting, toastsIn } = await tabs(2);
    const [a, b] = pages;
    for (const page of pages) await look(page, { visible: false, focused: false });
    const fresh = await notify('While away');
    await listed(fresh);
    assert.equal(draws.count(fresh), 0, 'no toast while no tab is in view');
    const seen = () =>
      b.evaluate(() => {
        const key = Object.keys(localStorage).find((k) => k.startsWith('appnotify:'));
        return JSON.parse(localStorage.getItem(key) ?? '{}').seen ?? [];
      });
    assert.ok(!(await seen()).includes(fresh), 'not marked seen');

    await b.clock.runFor(20000); // back within the toast's 4 s and the 30 s grace
    await look(b, { visible: true, focused: true });
    await toasting(b, fresh);
    assert.deepEqual(await toastsIn(a), []);
    assert.ok((await seen()).includes(fresh));

    // Away again, long enough for the next one to go stale: it stays in the center, on the bell.
    await look(b, { visible: false, focused: false });
    const stale = await notify('Long ago');
    await listed(stale);
    await b.clock.runFor(35000);
    await look(b, { visible: true, focused: true });
    const state = await b.evaluate(() => document.querySelector('appnotify-center').session.state);
    assert.ok(!state.toasts.some((t) => t.id === stale), 'stale: no toast');
    assert.ok(state.badge >= 1, 'on the bell');
    assert.equal(draws.count(fresh), 1);
    assert.equal(draws.count(stale), 0);
    await context.close();
  });

  test('a notification arriving as the tab reloads toasts once in the page that stays', async () => {
    const { context, pages, draws } = await tabs(1);
    const [page] = pages;
    const stays = new Map(); // id -> the page load it must toast in
    for (let i = 0; i < 8; i += 1) {
      // Sent as the reload begins, a little later each time: before the old page unloads, while the
      // new one loads, or once it streams.
      const reload = page.reload();
      await new Promise((resolve) => setTimeout(resolve, i * 15));
      const id = await notify(`During reload ${i}`);
      await reload;
      const load = await page.evaluate(() => window.appnotifyLoad);
      stays.set(id, load);
      // Drawn in the page that stays, whether or not the old one drew it in the moment before it
      // went (it hands such a toast over: the user could not have read it).
      await within(draws.drawn(load, id), 10000, `the toast of notification ${i} in the page that stays`);
      await page.clock.runFor(5000); // its toast ends, so the next reload has none on screen
    }
    for (const [id, load] of stays) assert.equal(draws.count(id, load), 1, `${id}: once in the page that stays`);
    // Once a toast had run its course, no later page drew it again.
    const loads = [...new Set(draws.all().map((d) => d.load))];
    for (const { id, load } of draws.all()) {
      assert.ok(loads.indexOf(load) <= loads.indexOf(stays.get(id)), `${id} drawn again in a later page`);
    }
    await context.close();
  });
});
