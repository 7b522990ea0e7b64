// Where the answers' absolute links point (@odata.context, nextLink, deltaLink, OData-EntityId,
// the Location of a 410): --public-url when given, what a --trusted-proxy forwarded, else the address the
// connection came in on. A Host header that anyone can send is never reflected.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { addUser, rawCall, startBalancer, startServer, tempDb } from './harness.mjs';

// Every absolute link of a create (OData-EntityId), a paged list, a delta and WhoAmI, sent with `headers`.
async function links(server, user, headers = {}) {
  const created = await rawCall(server, user, 'POST', 'appnotifications', {
    body: { title: 'linked', 'ownerid@odata.bind': `/systemusers(${user.id})` },
    headers,
  });
  assert.equal(created.status, 204, created.text);
  await rawCall(server, user, 'POST', 'appnotifications', {
    body: { title: 'second', 'ownerid@odata.bind': `/systemusers(${user.id})` },
  });
  const page = await rawCall(server, user, 'GET', 'appnotifications?$select=title', {
    headers: { ...headers, Prefer: 'odata.maxpagesize=1' },
  });
  const tracked = await rawCall(server, user, 'GET', 'appnotifications?$select=title', {
    headers: { ...headers, Prefer: 'odata.track-changes' },
  });
  const whoami = await rawCall(server, user, 'GET', 'WhoAmI', { headers });
  return [
    created.headers['odata-entityid'],
    page.json['@odata.context'],
    page.json['@odata.nextLink'],
    tracked.json['@odata.deltaLink'],
    whoami.json['@odata.context'],
  ];
}

describe('links without --public-url', () => {
  let server, user;
  before(async () => {
    const db = tempDb();
    user = addUser(db, 'Linked');
    server = await startServer(db);
  });
  after(() => server.stop());

  test('a foreign Host header is not reflected: links name the address the connection came in on', async () => {
    for (const link of await links(server, user, { Host: 'evil.example' })) {
      assert.ok(link?.startsWith(`${server.api}/`), link);
    }
  });

  test('localhost with the right port is the same loopback address and is kept', async () => {
    const port = new URL(server.origin).port;
    const answer = await rawCall(server, user, 'GET', 'WhoAmI', { headers: { Host: `localhost:${port}` } });
    assert.equal(answer.json['@odata.context'].split('/$metadata')[0], `http://localhost:${port}/api/data/v9.2`);
    const other = await rawCall(server, user, 'GET', 'WhoAmI', { headers: { Host: `localhost:1` } });
    assert.ok(other.json['@odata.context'].startsWith(`${server.api}/`));
  });

  test('X-Forwarded-* from an address that is not a trusted proxy are ignored', async () => {
    const headers = {
      'X-Forwarded-Proto': 'https',
      'X-Forwarded-Host': 'evil.example',
      Forwarded: 'host=evil.example',
    };
    for (const link of await links(server, user, headers)) assert.ok(link?.startsWith(`${server.api}/`), link);
  });
});

describe('links with --public-url', () => {
  let server, user;
  before(async () => {
    const db = tempDb();
    user = addUser(db, 'Public');
    server = await startServer(db, ['--public-url', 'https://Notify.Example.com/inbox/']);
  });
  after(() => server.stop());

  test('every link starts with the public URL, whatever the request says', async () => {
    const headers = { Host: 'evil.example', 'X-Forwarded-Host': 'evil.example' };
    for (const link of await links(server, user, headers)) {
      assert.ok(link?.startsWith('https://notify.example.com/inbox/api/data/v9.2/'), link);
    }
  });
});

describe('links behind a trusted proxy', () => {
  let server, user;
  before(async () => {
    const db = tempDb();
    user = addUser(db, 'Proxied');
    server = await startServer(db, ['--trusted-proxy', '10.0.0.0/8', '--trusted-proxy', '127.0.0.0/8']);
  });
  after(() => server.stop());

  test('X-Forwarded-Proto and X-Forwarded-Host: the last value of each, the one the proxy added', async () => {
    const headers = { 'X-Forwarded-Proto': 'http, https', 'X-Forwarded-Host': 'evil.example, notify.example.com' };
    for (const link of await links(server, user, headers)) {
      assert.ok(link?.startsWith('https://notify.example.com/api/data/v9.2/'), link);
    }
  });

  test('Forwarded (RFC 7239): its last element', async () => {
    const headers = {
      Forwarded: 'for=1.2.3.4;host=evil.example;proto=http, for=5.6.7.8;proto=https;host="notify.example.com:8443"',
    };
    for (const link of await links(server, user, headers)) {
      assert.ok(link?.startsWith('https://notify.example.com:8443/api/data/v9.2/'), link);
    }
  });

  test('a forwarded host that is not a plain authority is not used', async () => {
    const answer = await rawCall(server, user, 'GET', 'WhoAmI', { headers: { 'X-Forwarded-Host': 'a"b/c' } });
    assert.ok(answer.json['@odata.context'].startsWith(`${server.api}/`), answer.json['@odata.context']);
  });
});

describe('links through the balancer (HAProxy, scripts/balancer)', () => {
  let server, balancer, user;
  before(async () => {
    const db = tempDb();
    user = addUser(db, 'Balanced');
    server = await startServer(db, ['--trusted-proxy', '127.0.0.1']);
    balancer = await startBalancer([server]);
  });
  after(async () => {
    await balancer.stop();
    await server.stop();
  });

  test('name the balancer, which says how it was reached, not the instance behind it', async () => {
    for (const link of await links(balancer, user)) assert.ok(link?.startsWith(`${balancer.api}/`), link);
  });
});
