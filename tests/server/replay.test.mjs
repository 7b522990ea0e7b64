// A push stream's replay after Last-Event-ID is read a page at a time, the next page once the last
// is written, so a stream's memory stays bounded however much it replays; a page too far behind is
// told "event: resync" (and brings itself up to date through its delta link) instead of being
// closed with nothing, to reconnect and read the same backlog again forever. Streams are limited per
// user and in total.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';

import {
  BIG_DATA,
  addUser,
  createMany,
  eventually,
  openEventStream,
  rawCall,
  sql,
  startServer,
  tempDb,
} from './harness.mjs';

// Adds `count` "deleted" events for `user` straight to the database (quicker than 10,000 requests).
const addEvents = (db, user, count) =>
  sql(
    db,
    `WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ${count}) ` +
      `INSERT INTO events (owner, kind, notification_id, created_ms) ` +
      `SELECT '${user.id}', 'deleted', '00000000-0000-0000-0000-000000000000', ${Date.now()} FROM s`,
  );

const residentMegabytes = (pid) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

describe('replay', () => {
  let server, db, user, other;
  before(async () => {
    db = tempDb();
    user = addUser(db, 'Behind');
    other = addUser(db, 'Quiet');
    server = await startServer(db);
  });
  after(() => server.stop());

  test('a backlog over several pages arrives whole and in order, then ready', async () => {
    await createMany(server, other, 250);
    const stream = openEventStream(server, other, 0);
    const ids = [];
    for (;;) {
      const event = await stream.next();
      if (event.event === 'ready') break;
      assert.equal(event.event, 'created');
      ids.push(Number(event.id));
    }
    await stream.close();
    assert.equal(ids.length, 250);
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => a - b),
    );
  });

  test('20 streams that do not read, over 1,500 large events: memory stays bounded', async () => {
    await createMany(server, user, 1500, { data: BIG_DATA });
    const before = residentMegabytes(server.pid);
    const { hostname, port } = new URL(server.origin);
    const sockets = [];
    for (let i = 0; i < 20; i += 1) {
      const socket = net.connect(Number(port), hostname);
      socket.on('error', () => {});
      socket.write(
        `GET /api/appnotify/v1/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${user.token}\r\nLast-Event-ID: 0\r\n\r\n`,
      );
      socket.pause(); // reads nothing
      sockets.push(socket);
    }
    try {
      // Each stream has written what the socket buffers take, and holds at most a page more.
      await eventually(async () => (await rawCall(server, user, 'GET', 'WhoAmI')).status === 200);
      await new Promise((resolve) => setImmediate(resolve));
      const grown = residentMegabytes(server.pid) - before;
      assert.ok(grown < 120, `the server grew by ${grown.toFixed(0)} MB`);
    } finally {
      for (const socket of sockets) socket.destroy();
    }
  });

  test('over 5,000 events behind: "resync" and "ready", not a stream closed with nothing', async () => {
    const reader = addUser(db, 'Far behind');
    addEvents(db, reader, 10001);
    const stream = openEventStream(server, reader, 0);
    const first = await stream.next();
    assert.equal(first.event, 'resync');
    assert.deepEqual(first.data, { reason: 'too_far_behind' });
    const ready = await stream.next();
    assert.equal(ready.event, 'ready');
    assert.ok(Number(ready.id) > 10001);
    await stream.close();
  });

  test('older than the events kept: "resync" (events_expired)', async () => {
    const reader = addUser(db, 'Swept');
    addEvents(db, reader, 3);
    const oldest = Number(sql(db, 'SELECT MIN(id) FROM events'));
    sql(db, `DELETE FROM events WHERE id < ${oldest + 10}`);
    const stream = openEventStream(server, reader, oldest);
    assert.deepEqual((await stream.next()).data, { reason: 'events_expired' });
    assert.equal((await stream.next()).event, 'ready');
    await stream.close();
  });
});

describe('stream limits', () => {
  let server, alice, bob, carol;
  const open = [];
  before(async () => {
    const db = tempDb();
    alice = addUser(db, 'Alice');
    bob = addUser(db, 'Bob');
    carol = addUser(db, 'Carol');
    server = await startServer(db, ['--max-streams', '3', '--max-streams-per-user', '2']);
  });
  after(async () => {
    for (const stream of open) await stream.close();
    await server.stop();
  });

  const refused = async (user) => {
    const response = await fetch(`${server.origin}/api/appnotify/v1/stream`, {
      headers: { Authorization: `Bearer ${user.token}` },
    });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), json: await response.json() };
  };
  const stream = async (user) => {
    const opened = openEventStream(server, user);
    open.push(opened);
    await eventually(() => opened.status !== undefined);
    return opened;
  };

  test('a user over their share: 429 stream.too_many_for_user with Retry-After', async () => {
    assert.equal((await stream(alice)).status, 200);
    assert.equal((await stream(alice)).status, 200);
    const answer = await refused(alice);
    assert.equal(answer.status, 429);
    assert.equal(answer.json.error.appnotify.code, 'stream.too_many_for_user');
    assert.equal(answer.retryAfter, '30');
  });

  test('over the total: 429 stream.too_many', async () => {
    assert.equal((await stream(bob)).status, 200);
    const answer = await refused(carol);
    assert.equal(answer.status, 429);
    assert.equal(answer.json.error.appnotify.code, 'stream.too_many');
  });

  test('a closed stream frees its place', async () => {
    await open.shift().close();
    await eventually(async () => {
      const again = openEventStream(server, carol);
      await eventually(() => again.status !== undefined);
      open.push(again);
      return again.status === 200;
    });
  });
});

describe('streams asked for all at once', () => {
  let server, user;
  before(async () => {
    const db = tempDb();
    user = addUser(db, 'Eager');
    server = await startServer(db, ['--max-streams-per-user', '3']);
  });
  after(() => server.stop());

  test('pass no limit: each is counted from its request, not once it is open', async () => {
    const { hostname, port } = new URL(server.origin);
    const sockets = Array.from({ length: 10 }, () => {
      const socket = net.connect(Number(port), hostname);
      socket.on('error', () => {});
      return socket;
    });
    const statuses = await Promise.all(
      sockets.map(
        (socket) =>
          new Promise((resolve) => {
            let head = '';
            socket.on('data', (chunk) => {
              head += chunk.toString();
              if (head.includes('\r\n')) resolve(Number(head.split(' ')[1]));
            });
            socket.write(
              `GET /api/appnotify/v1/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${user.token}\r\n\r\n`,
            );
          }),
      ),
    );
    for (const socket of sockets) socket.destroy();
    assert.deepEqual(statuses.sort(), [200, 200, 200, 429, 429, 429, 429, 429, 429, 429]);
  });
});
