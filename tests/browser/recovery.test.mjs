// Broken networks: the server stops and comes back during a browser session. The page shows a quiet
// state meanwhile, recovers by itself (the reconnect timer is driven by the page clock), loses no
// notification and toasts none twice.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { openPage, send, useSite } from './page.mjs';

// Moves the page's clock past reconnect delays until its stream is live again (at most six times):
// whether it is, in the end.
async function reconnected(page) {
  const streaming = () => page.evaluate(() => document.querySelector('appnotify-center').transport.streaming);
  for (let i = 0; i < 6 && !(await streaming()); i += 1) {
    await page.clock.runFor(31000); // past the longest reconnect delay
    // The attempt itself is real network I/O: wait for its outcome, not for time.
    await page
      .waitForFunction(() => document.querySelector('appnotify-center').transport.streaming, null, { timeout: 2000 })
      .catch(() => {});
  }
  return streaming();
}

describe('recovery in Chromium', () => {
  const f = useSite({ clearBeforeEach: false });

  test('a server restart: quiet state, then reconnection, the missed notification once', async () => {
    const { page, context, problems } = await openPage(f.browser, f.site, f.alice);
    await page.locator('[data-appnotify-bell]').click();

    await f.site.restart();
    await page.waitForFunction(() => !document.querySelector('appnotify-center').transport.streaming);
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
      (id) => document.querySelector('appnotify-center').order.filter((x) => x === id).length,
      missed.id,
    );
    assert.equal(seenTwice, 1);
    await context.close();
  });
  test('a focus while the stream is live downloads nothing; after it went quiet, focus reconnects and reads the list', async () => {
    const { page, context, problems } = await openPage(f.browser, f.site, f.alice);
    const lists = [];
    page.on('request', (request) => {
      if (request.method() === 'GET' && new URL(request.url()).pathname.endsWith('/appnotifications')) {
        lists.push(request.url());
      }
    });
    const focus = () =>
      page.evaluate(() => {
        const { transport } = document.querySelector('appnotify-center');
        const before = transport.listDownloads;
        window.dispatchEvent(new Event('focus'));
        return transport.listDownloads - before;
      });

    assert.equal(await focus(), 0, 'a focus while live begins no list download');
    // A notification through the stream after the focus: by the time it shows, a download the
    // focus had begun would have been requested.
    const sent = await send(f.site, f.bob, { title: 'After a focus', owner: f.alice.id });
    await page.locator(`[data-appnotify-toast="${sent.id}"]`).waitFor();
    assert.deepEqual(lists, [], 'no list requested');

    // Nothing on the stream for longer than three heartbeats (the page's clock jumps; the server's
    // heartbeats come in real time): the stream is taken for dead.
    await page.clock.runFor(46000);
    assert.equal(await focus(), 1, 'a focus after the stream went quiet reads the list');
    assert.equal(await reconnected(page), true, 'streaming again');
    assert.ok(lists.length >= 1, 'the list was read');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
