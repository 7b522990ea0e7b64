// appnotifyd behind the TLS proxies of docs/operations.md (nginx and HAProxy, as the page shows
// them): every absolute link it gives is https and names the proxy, and following them through the
// proxy works; the push stream passes through unbuffered; the proxy's request id reaches the log.
import assert from 'node:assert/strict';
import https from 'node:https';
import { after, before, describe, test } from 'node:test';

import { addUser, call, startServer, tempDb } from './harness.mjs';
import { selfSignedCertificate } from './identity.mjs';
import { httpsGet, startHaproxyTls, startNginx } from './tls_proxies.mjs';

for (const [name, startProxy] of [
  ['nginx', startNginx],
  ['HAProxy', startHaproxyTls],
]) {
  describe(`behind ${name} with TLS`, () => {
    let server, proxy, user, tls;
    before(async () => {
      tls = selfSignedCertificate();
      const db = tempDb();
      user = addUser(db, 'Secure');
      server = await startServer(db, ['--trusted-proxy', '127.0.0.1']);
      proxy = await startProxy(new URL(server.origin).host, tls);
      for (let i = 0; i < 3; i += 1) {
        const created = await call(server, user, 'POST', 'appnotifications', {
          body: { title: `n${i}`, 'ownerid@odata.bind': `/systemusers(${user.id})` },
        });
        assert.equal(created.status, 204);
      }
    });
    after(async () => {
      await proxy?.stop();
      await server?.stop();
    });

    const get = (pathOrUrl, headers = {}) =>
      httpsGet(proxy.origin, pathOrUrl, { Authorization: `Bearer ${user.token}`, ...headers }, tls.cert);

    test('links are https, name the proxy, and are followed through it: pages, then changes', async () => {
      const api = `${proxy.origin}/api/data/v9.2/`;
      const who = await get('/api/data/v9.2/WhoAmI');
      assert.equal(who.status, 200);
      assert.ok(who.json['@odata.context'].startsWith(api), who.json['@odata.context']);
      let page = await get('/api/data/v9.2/appnotifications?$select=title', {
        Prefer: 'odata.track-changes,odata.maxpagesize=1',
      });
      const titles = [];
      for (;;) {
        assert.equal(page.status, 200, page.text);
        titles.push(...page.json.value.map((record) => record.title));
        const next = page.json['@odata.nextLink'];
        if (!next) break;
        assert.ok(next.startsWith(api), next);
        page = await get(next);
      }
      assert.deepEqual(titles.sort(), ['n0', 'n1', 'n2']);
      const delta = page.json['@odata.deltaLink'];
      assert.ok(delta?.startsWith(api), delta);
      await call(server, user, 'POST', 'appnotifications', {
        body: { title: 'later', 'ownerid@odata.bind': `/systemusers(${user.id})` },
      });
      const changes = await get(delta);
      assert.equal(changes.status, 200, changes.text);
      assert.deepEqual(
        changes.json.value.map((record) => record.title),
        ['later'],
      );
    });

    test('the push stream passes through as it is written', async () => {
      const events = [];
      let waiting = null;
      const request = https.get(
        new URL('/api/appnotify/v1/stream', proxy.origin),
        { headers: { Authorization: `Bearer ${user.token}` }, ca: tls.cert },
        (response) => {
          assert.equal(response.statusCode, 200);
          response.setEncoding('utf8');
          response.on('data', (chunk) => {
            events.push(...[...chunk.matchAll(/^event: (\w+)$/gm)].map((match) => match[1]));
            waiting?.();
          });
        },
      );
      request.on('error', () => {});
      const until = (kind) =>
        new Promise((resolve) => {
          waiting = () => events.includes(kind) && resolve();
          waiting();
        });
      await until('ready');
      await call(server, user, 'POST', 'appnotifications', {
        body: { title: 'pushed', 'ownerid@odata.bind': `/systemusers(${user.id})` },
      });
      await until('created');
      request.destroy();
    });

    test("the proxy's connections are not held to the per-address limit, and its request id is kept", async () => {
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => get('/api/data/v9.2/WhoAmI', { 'X-Request-Id': 'through-the-proxy' })),
      );
      for (const answer of answers) assert.equal(answer.status, 200);
      const id = answers[0].headers['x-request-id'];
      assert.ok(id === 'through-the-proxy' || /^[0-9a-f]{32}$/.test(id), id);
    });
  });
}
