// Service protection as Dataverse has it: per caller, requests over a sliding window, their combined
// execution time over it and requests in progress at once are limited; over any, 429 with
// Retry-After and Dataverse's error code, which a Dataverse client (DynamicsWebApi) reports as it
// would Dataverse's own.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DynamicsWebApi } from 'dynamics-web-api';

import { BIG_DATA, addUser, call, createMany, eventually, startServer, tempDb } from './harness.mjs';

const T0 = Date.UTC(2026, 11, 7, 9, 0, 0);

describe('requests per window', () => {
  let server, alice, bob;
  before(async () => {
    const db = tempDb();
    alice = addUser(db, 'Alice');
    bob = addUser(db, 'Bob');
    server = await startServer(db, ['--max-requests', '5', '--max-requests-window', '60']);
    await server.setTime(T0);
  });
  after(() => server.stop());

  test('the sixth request in the window answers 429 0x80072322 with Retry-After; others go on', async () => {
    for (let i = 0; i < 5; i += 1) assert.equal((await call(server, alice, 'GET', 'WhoAmI')).status, 200);
    const refused = await call(server, alice, 'GET', 'WhoAmI');
    assert.equal(refused.status, 429);
    assert.equal(refused.json.error.code, '0x80072322');
    assert.equal(refused.json.error.appnotify.code, 'service_protection.requests');
    assert.match(
      refused.json.error.message,
      /Number of requests exceeded the limit of 5 over time window of 60 seconds/,
    );
    assert.equal(refused.headers.get('retry-after'), '12'); // one request's share of the window
    assert.equal((await call(server, bob, 'GET', 'WhoAmI')).status, 200, 'another caller is not held back');
  });

  test('the window slides: after Retry-After, one more request', async () => {
    await server.setTime(T0 + 11_999);
    assert.equal((await call(server, alice, 'GET', 'WhoAmI')).status, 429);
    await server.setTime(T0 + 12_000);
    assert.equal((await call(server, alice, 'GET', 'WhoAmI')).status, 200);
    assert.equal((await call(server, alice, 'GET', 'WhoAmI')).status, 429);
  });

  test('DynamicsWebApi sees the 429 as from Dataverse: status, code and Retry-After', async () => {
    const client = new DynamicsWebApi({
      serverUrl: `${server.origin}/`,
      dataApi: { version: '9.2' },
      onTokenRefresh: async () => alice.token,
    });
    await assert.rejects(client.callFunction('WhoAmI'), (error) => {
      assert.equal(error.status, 429);
      assert.equal(error.code, '0x80072322');
      assert.equal(error.headers['retry-after'], '12');
      return true;
    });
  });
});

// `count` notifications of 5,000 characters of data for `user`, through a server of their own.
async function fill(db, user, count) {
  const filler = await startServer(db);
  await createMany(filler, user, count, { data: BIG_DATA });
  await filler.stop();
}

// A search of 200 characters through 3 MB of data: hundreds of milliseconds of work.
const slowSearch = `appnotifications?$select=title&$filter=${encodeURIComponent(`contains(data,'${'a'.repeat(199)}b')`)}`;

describe('execution time per window', () => {
  let server, user, other;
  before(async () => {
    const db = tempDb();
    user = addUser(db, 'Heavy');
    other = addUser(db, 'Light');
    await fill(db, user, 600);
    server = await startServer(db, ['--max-execution-time', '100', '--max-requests-window', '60']);
    await server.setTime(T0);
  });
  after(() => server.stop());

  test('a caller past it answers 429 0x80072321 until enough of the window has passed', async () => {
    assert.equal((await call(server, user, 'GET', slowSearch)).status, 200); // spends more than 100 ms
    const refused = await call(server, user, 'GET', 'WhoAmI');
    assert.equal(refused.status, 429);
    assert.equal(refused.json.error.code, '0x80072321');
    assert.match(
      refused.json.error.message,
      /Combined execution time of incoming requests exceeded limit of 100 milliseconds/,
    );
    const wait = Number(refused.headers.get('retry-after'));
    assert.ok(wait >= 1);
    assert.equal((await call(server, other, 'GET', 'WhoAmI')).status, 200, 'another caller is not held back');
    // Retry-After is when the window has given back enough: not a second earlier than it says.
    await server.setTime(T0 + (wait - 1) * 1000);
    assert.equal((await call(server, user, 'GET', 'WhoAmI')).status, 429);
    await server.setTime(T0 + wait * 1000);
    assert.equal((await call(server, user, 'GET', 'WhoAmI')).status, 200);
  });
});

describe('requests in progress at once', () => {
  let server, user;
  before(async () => {
    const db = tempDb();
    user = addUser(db, 'Busy');
    await fill(db, user, 600);
    server = await startServer(db, ['--max-concurrent-requests', '1']);
  });
  after(() => server.stop());

  test('a second request while the first is in progress answers 429 0x80072326', async () => {
    const slow = call(server, user, 'GET', slowSearch);
    // In progress: /metrics counts it (and the scrape itself).
    await eventually(async () => {
      const metrics = await (await fetch(`${server.origin}/metrics`)).text();
      return Number(/^appnotify_http_requests_in_progress (\d+)/m.exec(metrics)[1]) >= 2;
    });
    const refused = await call(server, user, 'GET', 'WhoAmI');
    assert.equal(refused.status, 429);
    assert.equal(refused.json.error.code, '0x80072326');
    assert.match(refused.json.error.message, /Number of concurrent requests exceeded the limit of 1/);
    assert.equal((await slow).status, 200);
    assert.equal((await call(server, user, 'GET', 'WhoAmI')).status, 200, 'free again once answered');
  });
});
