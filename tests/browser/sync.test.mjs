// Cheap sync with 5,000 notifications stored: after the first download the page reads only what
// changed (OData delta links). The bytes each reconnect and focus moves, headers included, are
// counted by Chromium's DevTools protocol: what the server sends is held under 1 kB; what the
// browser sends is reported (mostly its own headers and the bearer token, the same for any request).
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

import { sql } from '../server/harness.mjs';
import { launch, openPage, reconnected, send, startSite } from './page.mjs';
import { watchTraffic } from './traffic.mjs';

const STORED = 5000;
const BUDGET = 1024; // bytes received for a focus or a reconnect with nothing new

describe('sync with 5,000 stored', () => {
  let site, browser;
  before(async () => {
    site = await startSite();
    browser = await launch();
    // Straight into the table: 5,000 of Alice's, one second apart, hidden toasts, live for a day.
    const now = Date.now();
    sql(
      site.db,
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${STORED})
       INSERT INTO notifications (id, owner, title, body, icontype, toasttype, priority, ttlinseconds,
         created_ms, modified_ms, expires_ms, createdby, version)
       SELECT printf('%08x-0000-4000-8000-%012x', i, i), '${site.users.alice.id}', 'Stored ' || i,
         'Order **' || i || '** shipped.', 100000000, 200000001, 200000000, 86400,
         ${now} - i * 1000, ${now} - i * 1000, ${now} - i * 1000 + 86400000, '${site.users.bob.id}', i
       FROM n`,
    );
  });
  after(async () => {
    await browser?.close();
    await site?.server.stop();
  });

  const transportOf = (page) =>
    page.evaluate(() => {
      const { transport, order } = document.querySelector('appnotify-center').session;
      return { lists: transport.listDownloads, deltas: transport.deltaDownloads, count: order.length };
    });
  // Runs `action`, then waits for the page to have read the changes (its delta link answered whole).
  const syncing = async (page, action) => {
    const delta = page.waitForResponse((r) => /[?&](%24|\$)deltatoken=/.test(r.url()), { timeout: 60000 });
    await action();
    const response = await delta;
    await response.finished();
    assert.equal(response.status(), 200);
  };

  test('reconnects and focuses after a sleep read only what changed: under 1 kB with nothing new', async (t) => {
    const { page, context, problems } = await openPage(browser, site, site.users.alice);
    await page.waitForFunction((n) => document.querySelector('appnotify-center').session?.order?.length === n, STORED, {
      timeout: 60000,
    });
    const traffic = await watchTraffic(page);
    const start = await transportOf(page);
    assert.equal(start.count, STORED);

    // What the first download cost, for comparison: read again in full.
    traffic.reset();
    await page.evaluate(async () => {
      const { transport } = document.querySelector('appnotify-center').session;
      transport.deltaLink = null;
      await transport.refresh();
    });
    const full = traffic.total().received;
    assert.ok(full > 500000, `the whole list is large: ${full} bytes`);

    // A dropped stream: it reconnects, resumes and reads what changed.
    traffic.reset();
    await syncing(page, async () => {
      await page.evaluate(() => document.querySelector('appnotify-center').session.transport.controller.abort());
      await page.waitForFunction(() => !document.querySelector('appnotify-center').session.transport.streaming);
      assert.equal(await reconnected(page), true);
    });
    const reconnect = traffic.total();
    assert.ok(
      reconnect.received < BUDGET,
      `a reconnect received ${reconnect.received} bytes: ${JSON.stringify(reconnect)}`,
    );

    // A focus after the stream went quiet for longer than three heartbeats (a laptop that slept).
    traffic.reset();
    await syncing(page, async () => {
      await page.clock.runFor(46000);
      await page.evaluate(() => window.dispatchEvent(new Event('focus')));
      await page.waitForFunction(() => !document.querySelector('appnotify-center').session.transport.streaming);
      assert.equal(await reconnected(page), true);
    });
    const focus = traffic.total();
    assert.ok(
      focus.received < BUDGET,
      `a focus after a sleep received ${focus.received} bytes: ${JSON.stringify(focus)}`,
    );

    const end = await transportOf(page);
    assert.equal(end.lists, start.lists + 1, 'no whole download but the one asked for above');
    assert.ok(end.deltas >= start.deltas + 2);
    assert.equal(end.count, STORED);
    t.diagnostic(
      `received (sent): whole list ${full}; reconnect ${reconnect.received} (${reconnect.sent}); ` +
        `focus after a sleep ${focus.received} (${focus.sent})`,
    );
    // The figures for docs/benchmarks.md (tests/bench/report.mjs reads them).
    const bench = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../build/bench');
    mkdirSync(bench, { recursive: true });
    writeFileSync(
      path.join(bench, 'sync.json'),
      JSON.stringify({ stored: STORED, budget: BUDGET, full, reconnect, focus, at: new Date().toISOString() }, null, 1),
    );
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('what changed while the page was away comes with the delta, even when the stream cannot replay it', async () => {
    const { page, context, problems } = await openPage(browser, site, site.users.alice);
    await page.waitForFunction((n) => document.querySelector('appnotify-center').session?.order?.length === n, STORED, {
      timeout: 60000,
    });
    const { alice, bob } = site.users;
    // The stream goes down and forgets where it was: only the delta can bring the changes.
    await page.evaluate(() => {
      const { transport } = document.querySelector('appnotify-center').session;
      transport.lastEventId = null;
      transport.controller.abort();
    });
    await page.waitForFunction(() => !document.querySelector('appnotify-center').session.transport.streaming);
    const gone = '00000001-0000-4000-8000-000000000001';
    const removed = await fetch(`${site.server.api}/appnotifications(${gone})`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${alice.token}` },
    });
    assert.equal(removed.status, 204);
    const sent = await send(site, bob, { title: 'While away', owner: alice.id, toasttype: 200000001 });
    assert.equal(sent.status, 204);

    await syncing(page, async () => assert.equal(await reconnected(page), true));
    const order = await page.evaluate(() => document.querySelector('appnotify-center').session.order);
    assert.ok(order.includes(sent.id), 'the new one is in the center');
    assert.ok(!order.includes(gone), 'the deleted one is not');
    assert.equal(order.length, STORED);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
