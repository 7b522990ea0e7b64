// Broken networks: the server stops and comes back during a browser session. The page shows a quiet
// state meanwhile, recovers by itself (the reconnect timer is driven by the page clock), loses no
// notification and toasts none twice.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { openPage, reconnected, send, useSite } from './page.mjs';

describe('recovery in Chromium', () => {
  const f = useSite({ clearBeforeEach: false });

  test('a server restart: quiet state, then reconnection, the missed notification once', async () => {
    const { page, context, problems } = await openPage(f.browser, f.site, f.alice);
    await page.locator('[data-appnotify-bell]').click();
    await page.locator('[data-appnotify-bell][aria-expanded="true"]').waitFor(); // the panel's part, the first time

    await f.site.restart();
    await page.waitForFunction(() => !document.querySelector('appnotify-center').session.transport.streaming);
    const status = page.locator('.status');
    await status.waitFor();
    assert.match(await status.textContent(), /unavailable|offline/i);
    assert.deepEqual(problems, [], 'no broken page');

    // Sent while the page is disconnected: it must arrive, once, after the page reconnects.
    const missed = await send(f.site, f.bob, { title: 'Sent during the outage', owner: f.alice.id });
    assert.equal(missed.status, 204);
    await page.locator('[data-appnotify-bell]').click(); // close the center, so the toast shows
    assert.equal(await reconnected(page), true, 'reconnected');
    await page.locator(`[data-appnotify-toast="${missed.id}"]`).waitFor();
    assert.equal(await page.locator(`[data-appnotify-toast="${missed.id}"]`).count(), 1);
    const seenTwice = await page.evaluate(
      (id) => document.querySelector('appnotify-center').session.order.filter((x) => x === id).length,
      missed.id,
    );
    assert.equal(seenTwice, 1);
    await context.close();
  });
  test('a focus while the stream is live downloads nothing; after it went quiet, focus reconnects and reads what changed', async () => {
    const { page, context, problems } = await openPage(f.browser, f.site, f.alice);
    // Reads of the list the page has begun: whole downloads and reads of what changed.
    const reads = () =>
      page.evaluate(() => {
        const { transport } = document.querySelector('appnotify-center').session;
        return transport.listDownloads + transport.deltaDownloads;
      });
    // The reads a focus begins at once.
    const focus = () =>
      page.evaluate(() => {
        const { transport } = document.querySelector('appnotify-center').session;
        const reads = () => transport.listDownloads + transport.deltaDownloads;
        const before = reads();
        window.dispatchEvent(new Event('focus'));
        return reads() - before;
      });
    // The page's start ends with one read of what changed since its list (what was created before
    // the stream started), which may still be on its way when the stream is: begun before the focus.
    await page.waitForFunction(() => document.querySelector('appnotify-center').session.transport.deltaDownloads >= 1);
    const started = await reads();

    assert.equal(await focus(), 0, 'a focus while live begins no list download');
    // A notification through the stream after the focus: by the time it shows, any read the focus
    // led to would have begun.
    const sent = await send(f.site, f.bob, { title: 'After a focus', owner: f.alice.id });
    await page.locator(`[data-appnotify-toast="${sent.id}"]`).waitFor();
    assert.equal(await reads(), started, 'no list read begun');

    const lists = [];
    page.on('request', (request) => {
      if (request.method() === 'GET' && new URL(request.url()).pathname.endsWith('/appnotifications')) {
        lists.push(request.url());
      }
    });
    // Nothing on the stream for longer than three heartbeats (the page's clock jumps; the server's
    // heartbeats come in real time): the stream is taken for dead.
    await page.clock.runFor(46000);
    const before = await reads();
    await focus();
    await page.waitForFunction(() => !document.querySelector('appnotify-center').session.transport.streaming);
    assert.equal(await reconnected(page), true, 'streaming again');
    await page.waitForFunction((n) => {
      const { transport } = document.querySelector('appnotify-center').session;
      return transport.listDownloads + transport.deltaDownloads > n;
    }, before);
    assert.ok(lists.length >= 1, 'once resumed, it requested what changed');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
