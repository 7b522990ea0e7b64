// PostgreSQL going away under a running appnotifyd (a restart, a failover): while it is away every
// request answers 503 with Retry-After, never an empty list as if nothing were stored; when it is
// back, appnotifyd reconnects by itself and nothing acknowledged before is lost. A cluster of the
// test's own, so that the rest of the ring keeps its database.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  addUser,
  call,
  eventually,
  idFromEntityId,
  onPostgres,
  sql,
  startBalancer,
  startPostgresCluster,
  startServer,
} from './harness.mjs';
import { assertExactlyOnce, backlog, followStream, readyId } from './stream_checks.mjs';

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

describe('the database restarted under load through the balancer', { skip: !onPostgres && 'PostgreSQL only' }, () => {
  let cluster, db, servers, balancer, alice, bob;
  before(async () => {
    cluster = startPostgresCluster();
    db = cluster.uri('restart');
    alice = addUser(db, 'Alice');
    bob = addUser(db, 'Bob', { canSend: true });
    servers = await Promise.all([0, 1].map(() => startServer(db)));
    balancer = await startBalancer(servers);
  });
  after(async () => {
    await balancer?.stop();
    await Promise.all((servers ?? []).map((server) => server.stop()));
    try {
      cluster?.stop();
    } catch {
      // stopped already
    }
  });

  test('creates answer 503 with Retry-After while it is away, then succeed; nothing acknowledged is lost', async () => {
    const acknowledged = new Set();
    const statuses = new Map();
    let sending = true;
    const client = async (name) => {
      for (let i = 0; sending; i += 1) {
        const created = await call(balancer, bob, 'POST', 'appnotifications', {
          body: { title: `${name}-${i}`, owner: alice.id },
        });
        statuses.set(created.status, (statuses.get(created.status) ?? 0) + 1);
        if (created.status === 204) {
          acknowledged.add(idFromEntityId(created));
        } else {
          assert.equal(created.status, 503, created.text);
          assert.equal(created.headers.get('retry-after'), '1');
          await new Promise((resolve) => setTimeout(resolve, 50)); // a client's retry, sooner than asked
        }
      }
    };
    const follower = followStream(() => balancer, alice, await readyId(balancer, alice));
    const clients = [0, 1, 2, 3].map((c) => client(`c${c}`));
    const acksAfter = async (count) => {
      const start = acknowledged.size;
      await eventually(async () => acknowledged.size >= start + count, 20000);
    };
    await acksAfter(50);
    cluster.stop();
    await eventually(async () => (statuses.get(503) ?? 0) >= 8, 10000);
    const beforeRestart = acknowledged.size;
    cluster.start();
    await acksAfter(50);
    sending = false;
    await Promise.all(clients);
    const last = await follower.stop();
    const received = [...follower.received, ...(await backlog(balancer, alice, last))];

    assert.deepEqual([...statuses.keys()].sort(), [204, 503]);
    assert.ok(acknowledged.size >= beforeRestart + 50);
    const stored = new Set(sql(db, `SELECT id FROM notifications WHERE owner = '${alice.id}'`).split('\n'));
    assert.deepEqual(
      [...acknowledged].filter((id) => !stored.has(id)),
      [],
      'every acknowledged create is stored',
    );
    assertExactlyOnce(received, acknowledged, 'the stream through the restart');
  });
});
