// Several appnotifyd instances on one PostgreSQL database, on their own and behind the load
// balancer (scripts/balancer, HAProxy): push across instances, resuming on another instance, the
// order of events from concurrent writers, and instances killed during creates.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  addUser,
  call,
  eventually,
  freePort,
  idFromEntityId,
  onPostgres,
  openEventStream,
  sql,
  startBalancer,
  startServer,
  tempDb,
} from './harness.mjs';
import { assertExactlyOnce, backlog, followStream, readyId } from './stream_checks.mjs';

const skip = !onPostgres && 'PostgreSQL only: instances share a database there';

// A small seeded generator, so that a failure names the moments it was run with.
function randomFrom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('instances sharing one database', { skip }, () => {
  let db, servers, alice, bob;
  before(async () => {
    db = tempDb();
    alice = addUser(db, 'Alice');
    bob = addUser(db, 'Bob', { canSend: true });
    servers = await Promise.all([0, 1, 2].map(() => startServer(db)));
  });
  after(() => Promise.all(servers.map((server) => server.stop())));

  test('a creation on one instance reaches a stream on another, and a deletion on a third', async () => {
    const [a, b, c] = servers;
    const stream = openEventStream(b, alice);
    assert.equal((await stream.next()).event, 'ready');
    const id = idFromEntityId(
      await call(a, bob, 'POST', 'appnotifications', { body: { title: 'from A', owner: alice.id } }),
    );
    const created = await stream.next();
    assert.deepEqual([created.event, created.data.appnotificationid, created.data.title], ['created', id, 'from A']);
    // B lists it at once: no cache of B's stands between A's write and a read on B.
    const listed = await call(b, alice, 'GET', 'appnotifications?$select=title');
    assert.deepEqual(
      listed.json.value.map((n) => n.title),
      ['from A'],
    );
    assert.equal((await call(c, alice, 'DELETE', `appnotifications(${id})`)).status, 204);
    const deleted = await stream.next();
    assert.deepEqual([deleted.event, deleted.data.appnotificationid], ['deleted', id]);
    assert.ok(Number(deleted.id) > Number(created.id));
    await stream.close();
  });

  test('a stream resumes on another instance with Last-Event-ID and misses nothing', async () => {
    const [a, b, c] = servers;
    const dave = addUser(db, 'Dave');
    const first = openEventStream(a, dave);
    const ready = await first.next();
    await first.close();
    const ids = [];
    for (const [server, title] of [
      [a, 'one'],
      [b, 'two'],
      [c, 'three'],
    ]) {
      ids.push(
        idFromEntityId(await call(server, bob, 'POST', 'appnotifications', { body: { title, owner: dave.id } })),
      );
    }
    await call(a, dave, 'DELETE', `appnotifications(${ids[1]})`);
    const events = await backlog(c, dave, ready.id);
    assert.deepEqual(
      events.map((e) => [e.event, e.data.title ?? e.data.appnotificationid]),
      [
        ['created', 'one'],
        ['created', 'three'],
        ['deleted', ids[1]],
      ],
    );
  });

  test('writers on three instances at once: a stream that reconnects at random gets every event once, in order', async () => {
    const seed = Date.now() % 100000;
    const random = randomFrom(seed);
    const context = `seed ${seed}`;
    const erin = addUser(db, 'Erin');
    const acknowledged = new Set();
    const writer = async (server, name) => {
      for (let i = 0; i < 40; i += 1) {
        const created = await call(server, bob, 'POST', 'appnotifications', {
          body: { title: `${name} ${i}`, owner: erin.id },
        });
        assert.equal(created.status, 204, created.text);
        acknowledged.add(idFromEntityId(created));
      }
    };
    const follower = followStream(
      () => servers[Math.floor(random() * 3)],
      erin,
      await readyId(servers[0], erin),
      () => random() * 60,
    );
    // Four writers per instance, twelve at once: their transactions overlap on the database.
    await Promise.all(servers.flatMap((server, s) => [0, 1, 2, 3].map((w) => writer(server, `w${s}.${w}`))));
    const last = await follower.stop();
    const received = [...follower.received, ...(await backlog(servers[Math.floor(random() * 3)], erin, last))];
    assert.equal(acknowledged.size, 480);
    assert.ok(follower.connections >= 5, `${context}: the stream connected ${follower.connections} times`);
    assertExactlyOnce(received, acknowledged, context);
    assert.equal(received.length, 480, `${context}: only the creations, each once`);
  });
});

describe('instances behind the load balancer', { skip }, () => {
  let db, ports, servers, balancer, frank, bob;
  before(async () => {
    db = tempDb();
    frank = addUser(db, 'Frank');
    bob = addUser(db, 'Bob', { canSend: true });
    ports = [];
    for (let i = 0; i < 3; i += 1) ports.push(await freePort());
    servers = await Promise.all(ports.map((port) => startServer(db, [], { port })));
    balancer = await startBalancer(servers);
  });
  after(async () => {
    await balancer?.stop();
    await Promise.all(servers.map((server) => server.stop()));
  });

  test('kill -9 of an instance during creates, 20 rounds: each acknowledged create stored once, streamed once', async () => {
    const acknowledged = new Set();
    const titles = new Map(); // acknowledged id -> title
    let failed = 0;
    let sending = true;
    let sent = 0;
    const client = async (name) => {
      for (let i = 0; sending; i += 1) {
        const title = `${name}-${i}`;
        sent += 1;
        try {
          const created = await call(balancer, bob, 'POST', 'appnotifications', { body: { title, owner: frank.id } });
          if (created.status === 204) {
            const id = idFromEntityId(created);
            acknowledged.add(id);
            titles.set(id, title);
          } else {
            assert.ok([502, 503].includes(created.status), `${created.status} ${created.text}`);
            failed += 1;
          }
        } catch {
          failed += 1; // the connection was cut: not acknowledged
        }
      }
    };
    // The page's way: a stream through the balancer that resumes with Last-Event-ID when it is cut.
    const follower = followStream(() => balancer, frank, await readyId(balancer, frank));
    const clients = [0, 1, 2, 3, 4, 5].map((c) => client(`c${c}`));
    const acksAfter = async (count) => {
      const start = acknowledged.size;
      await eventually(async () => acknowledged.size >= start + count, 20000);
    };
    for (let round = 0; round < 20; round += 1) {
      const victim = round % 3;
      await acksAfter(10);
      await servers[victim].kill();
      await acksAfter(10); // the others carry on
      servers[victim] = await startServer(db, [], { port: ports[victim] });
    }
    await acksAfter(10);
    sending = false;
    await Promise.all(clients);
    const last = await follower.stop();
    const received = [...follower.received, ...(await backlog(balancer, frank, last))];

    const stored = sql(db, `SELECT id || ' ' || title FROM notifications WHERE owner = '${frank.id}'`)
      .split('\n')
      .map((line) => line.split(' '));
    const storedTitles = stored.map(([, title]) => title);
    assert.equal(new Set(storedTitles).size, storedTitles.length, 'no create was stored twice');
    const storedIds = new Set(stored.map(([id]) => id));
    const lost = [...acknowledged].filter((id) => !storedIds.has(id));
    assert.deepEqual(lost, [], 'every acknowledged create is stored');
    assert.ok(acknowledged.size >= 400, `${acknowledged.size} acknowledged of ${sent}`);
    const resumes = follower.connections - 1;
    assert.ok(resumes >= 5, `the stream resumed ${resumes} times`);
    assertExactlyOnce(received, acknowledged, `${resumes} resumes`);
    for (const id of acknowledged) assert.ok(titles.has(id));
    console.log(`# ${acknowledged.size} acknowledged, ${failed} failed of ${sent}; stream resumed ${resumes} times`);
  });
});
