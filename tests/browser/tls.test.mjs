// The page behind the documented nginx with TLS (docs/operations.md): served over https, it follows
// the links appnotifyd gives (the list's pages, the changes after a reconnect), all https through
// the proxy and never mixed content, and it stays live across a restart of appnotifyd.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { selfSignedCertificate } from '../server/identity.mjs';
import { startNginx } from '../server/tls_proxies.mjs';
import { launch, reconnected, send, startSite } from './page.mjs';

describe('the page through nginx with TLS', () => {
  let site, proxy, browser, tls;
  before(async () => {
    tls = selfSignedCertificate();
    site = await startSite(['--trusted-proxy', '127.0.0.1']);
    proxy = await startNginx(new URL(site.server.origin).host, tls);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await proxy?.stop();
    await site?.server.stop();
  });

  test('pages and delta links are followed over https, and the list stays live', async () => {
    const { alice, bob } = site.users;
    // More than one page of the page's list (1,000 a page): the second comes by @odata.nextLink.
    for (let start = 0; start < 1001; start += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, 1001 - start) }, (_, i) =>
          send(site, bob, { title: `n${start + i}`, owner: alice.id }),
        ),
      );
      for (const sent of batch) assert.equal(sent.status, 204, sent.text);
    }
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const requests = [];
    const problems = [];
    page.on('response', (response) => requests.push({ url: response.url(), status: response.status() }));
    // The stream's request ends as a failure when appnotifyd restarts under it: that one is expected.
    page.on('requestfailed', (request) => {
      if (!request.url().endsWith('/api/appnotify/v1/stream')) problems.push(`failed: ${request.url()}`);
    });
    page.on('console', (message) => {
      if (/mixed content/i.test(message.text())) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    await page.clock.install();
    await page.goto(`${proxy.origin}/?user=alice`);
    await page.waitForFunction((count) => {
      const session = document.querySelector('appnotify-center')?.session;
      return session?.transport?.streaming && session.order.length === count;
    }, 1001);
    assert.ok(
      requests.some((r) => r.url.includes('%24skiptoken=') || r.url.includes('$skiptoken=')),
      'the second page was read by its nextLink',
    );

    await site.restart();
    const missed = await send(site, bob, { title: 'Sent during the restart', owner: alice.id });
    assert.equal(missed.status, 204);
    assert.equal(await reconnected(page), true, 'streaming again, through the proxy');
    await page.waitForFunction(
      (count) => document.querySelector('appnotify-center').session.order.length === count,
      1002,
    );
    assert.ok(
      requests.some((r) => (r.url.includes('%24deltatoken=') || r.url.includes('$deltatoken=')) && r.status === 200),
      'the changes were read by the deltaLink',
    );
    const live = await send(site, bob, { title: 'Live', owner: alice.id });
    assert.equal(live.status, 204);
    await page.waitForFunction(
      (count) => document.querySelector('appnotify-center').session.order.length === count,
      1003,
    );

    const elsewhere = requests.filter((r) => !r.url.startsWith(`${proxy.origin}/`));
    assert.deepEqual(elsewhere, [], 'every request went to the https origin');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
