// PostgreSQL going away under a running appnotifyd (a restart, a failover): while it is away every
// request answers 503 with Retry-After, never an empty list as if nothing were stored; when it is
// back, appnotifyd reconnects by itself and nothing acknowledged before is lost. A cluster of the
// test's own, so that the rest of the ring keeps its database.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { addUser, call, eventually, onPostgres, startPostgresCluster, startServer } from './harness.mjs';

describe('the database restarted under a running server', { skip: !onPostgres && 'PostgreSQL only' }, () => {
  let cluster, server, alice;
  before(async () => {
    cluster = startPostgresCluster();
    const db = cluster.uri('failover');
    alice = addUser(db, 'Alice');
    server = await startServer(db);
  });
  after(async () => {
    await server?.stop();
    try {
      cluster?.stop();
    } catch {
      // stopped already
    }
  });

  test('503 with Retry-After while it is away, then the same records and new ones', async () => {
    for (let i = 0; i < 10; i += 1) {
      const created = await call(server, alice, 'POST', 'appnotifications', {
        body: { title: `Before ${i}`, owner: alice.id },
      });
      assert.equal(created.status, 204);
    }
    const list = () => call(server, alice, 'GET', 'appnotifications?$select=title');
    assert.equal((await list()).json.value.length, 10);
    cluster.stop();
    for (const response of [
      await list(),
      await call(server, alice, 'POST', 'appnotifications', { body: { title: 'While away', owner: alice.id } }),
      await call(server, alice, 'GET', 'appnotifications/$count'),
    ]) {
      assert.equal(response.status, 503, response.text);
      assert.equal(response.headers.get('retry-after'), '1');
      assert.equal(response.json.error.appnotify.code, 'storage_unavailable');
    }
    const stream = await fetch(`${server.origin}/api/appnotify/v1/stream`, {
      headers: { Authorization: `Bearer ${alice.token}` },
    });
    assert.ok([200, 503].includes(stream.status), `stream: ${stream.status}`); // a cached token may open it; it ends
    await stream.body?.cancel();
    cluster.start();
    const back = await eventually(async () => (await list()).status === 200, 10000);
    assert.equal((await list()).json.value.length, 10, 'nothing acknowledged was lost');
    const after = await call(server, alice, 'POST', 'appnotifications', { body: { title: 'After', owner: alice.id } });
    assert.equal(after.status, 204, after.text);
    assert.equal((await list()).json.value.length, 11);
    assert.ok(back < 10000);
  });
});
