// The center on a page of another origin than appnotifyd's, in real Chromium: the page on one
// loopback port, the API on another with --cors-origin, tokens that are JWTs from a provider made
// by npm jose. The page's first token has expired: the center asks getToken for a fresh one
// ({forceRefresh: true}) and goes on with it. A page on an origin that is not allowed gets nothing.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

import { addUser, call, startServer, tempDb, tempDir } from '../server/harness.mjs';
import { jwtFlags, makeKey, mint, writeJwks } from '../server/identity.mjs';
import { artifacts, launch } from './page.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ALICE = '0e5ec0de-0000-4000-8000-00000000a11c';

// The host page: the package's classic script from its own origin, the API on `api`.
const hostPage = (api) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>another origin</title>
<script src="/dist/appnotify.js"></script></head>
<body><header id="bar"></header><script>
  window.tokenRequests = [];
  window.center = AppNotify.createNotificationCenter({
    baseUrl: ${JSON.stringify(api)},
    getToken: async (options) => {
      window.tokenRequests.push(Boolean(options && options.forceRefresh));
      return window.provideToken(Boolean(options && options.forceRefresh));
    },
    mount: document.querySelector('#bar'),
  });
</script></body></html>`;

describe('the center on another origin', () => {
  let browser, api, pages, refused, key, sender;
  before(async () => {
    const site = mkdtempSync(path.join(os.tmpdir(), 'appnotify-origin-'));
    cpSync(path.join(root, 'web/dist'), path.join(site, 'dist'), { recursive: true });
    // Two page hosts (their own appnotifyd instances, serving files only), then the API that allows one.
    pages = await startServer(tempDb(), ['--static', site]);
    refused = await startServer(tempDb(), ['--static', site]);
    const db = tempDb();
    const jwks = path.join(tempDir(), 'jwks.json');
    key = await makeKey('ES256');
    writeJwks(jwks, [key]);
    sender = addUser(db, 'Sender', { canSend: true });
    api = await startServer(db, [...jwtFlags(jwks), '--cors-origin', pages.origin]);
    writeFileSync(path.join(site, 'index.html'), hostPage(api.api));
    // Alice's first token provisions her; then she has one notification before any page opens.
    await call(api, { token: await mint(key, { oid: ALICE }) }, 'GET', 'WhoAmI');
    const earlier = await call(api, sender, 'POST', 'appnotifications', {
      body: { title: 'Before the page', owner: ALICE },
    });
    assert.equal(earlier.status, 204, earlier.text);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await Promise.all([api, pages, refused].map((s) => s?.stop()));
  });

  async function open(host) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const expired = await mint(key, { oid: ALICE, exp: Math.floor(Date.now() / 1000) - 3600 });
    const fresh = await mint(key, { oid: ALICE });
    // The first token the page gets has expired; a forced refresh gives a valid one.
    await page.exposeFunction('provideToken', (forceRefresh) => (forceRefresh ? fresh : expired));
    const failures = [];
    page.on('requestfailed', (request) => failures.push(request.url()));
    await page.goto(`${host.origin}/index.html`);
    return { context, page, failures };
  }

  test('from an allowed origin: list, push stream, toast and dismissal work across origins', async () => {
    const { context, page } = await open(pages);
    try {
      await page.waitForFunction(() => window.center?.session?.transport?.streaming === true, null, { timeout: 15000 });
      const requests = await page.evaluate(() => window.tokenRequests);
      assert.ok(requests.includes(true), 'a 401 asked for a fresh token');
      // At most once for each of the first requests (WhoAmI, the list, the stream, a read of what changed).
      assert.ok(requests.filter(Boolean).length <= 4, `forced refreshes: ${JSON.stringify(requests)}`);
      const sent = await call(api, sender, 'POST', 'appnotifications', {
        body: { title: 'Across origins', owner: ALICE, priority: 200000001 },
      });
      assert.equal(sent.status, 204, sent.text);
      const id = /\(([0-9a-f-]{36})\)/.exec(sent.headers.get('odata-entityid'))[1];
      const toast = page.locator(`[data-appnotify-toast="${id}"]`);
      await toast.waitFor({ timeout: 10000 });
      // WhoAmI went through the same refresh: what the center remembers (the toast, seen) is Alice's, not an anonymous user's.
      const keys = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('appnotify:')));
      assert.deepEqual(keys, [`appnotify:${api.origin}:${ALICE}`]);
      await page.screenshot({ path: path.join(artifacts, 'cross-origin-toast.png') });
      await page.locator('[data-appnotify-bell]').click();
      const item = page.locator(`[data-appnotify-item="${id}"]`);
      await item.waitFor();
      assert.match(
        await page
          .locator('[data-appnotify-item]')
          .allInnerTexts()
          .then((t) => t.join('|')),
        /Before the page/,
      );
      await item.locator('button').last().click(); // its dismiss button
      await page.waitForFunction(
        async ({ base, token, id }) => {
          const response = await fetch(`${base}/appnotifications(${id})`, {
            headers: { Authorization: `Bearer ${token}` },
          });
          return response.status === 404;
        },
        { base: api.api, token: await mint(key, { oid: ALICE }), id },
        { timeout: 10000, polling: 100 },
      );
    } finally {
      await context.close();
    }
  });

  test('from an origin that is not allowed the browser keeps every answer from the page', async () => {
    const { context, page, failures } = await open(refused);
    try {
      const blocked = await page.evaluate(async (base) => {
        try {
          await fetch(`${base}/WhoAmI`, { headers: { Authorization: 'Bearer x' } });
          return 'answered';
        } catch (error) {
          return error.name;
        }
      }, api.api);
      assert.equal(blocked, 'TypeError', 'fetch fails: no CORS headers');
      // WhoAmI is asked again and again; meanwhile the center says the service is unavailable.
      await page.waitForFunction(() => window.center?.session?.status === 'unavailable');
      assert.equal(await page.locator('[data-appnotify-item]').count(), 0);
      assert.ok(
        failures.some((url) => url.startsWith(api.origin)),
        'the API requests failed in the browser',
      );
    } finally {
      await context.close();
    }
  });
});
