// Connection limits: nobody can take every file descriptor. The limit follows the open-files limit;
// over it (or over an address's share) the longest-idle keep-alive connection makes room, and a
// newcomer is refused (503, or 429 for an address) only when none is idle. Accept backs off instead
// of spinning when the process is out of files.
import assert from 'node:assert/strict';
import net from 'node:net';
import os from 'node:os';
import { after, before, describe, test } from 'node:test';

import { addUser, eventually, rawCall, startServer, tempDb, within } from './harness.mjs';

// `count` connections that send nothing: {sockets, closed (how many the server closed)}.
async function idleConnections(server, count) {
  const { hostname, port } = new URL(server.origin);
  const state = { sockets: [], closed: 0 };
  for (let i = 0; i < count; i += 1) {
    const socket = net.connect(Number(port), hostname);
    socket.on('error', () => {});
    socket.on('close', () => (state.closed += 1));
    await new Promise((resolve) => socket.once('connect', resolve).once('error', resolve));
    state.sockets.push(socket);
  }
  return state;
}

// A push stream held open on a connection of its own: the socket.
async function streamFrom(server, user) {
  const { hostname, port } = new URL(server.origin);
  const socket = net.connect({ port: Number(port), host: hostname });
  socket.on('error', () => {});
  let head = '';
  await new Promise((resolve) => {
    socket.on('data', (chunk) => {
      head += chunk.toString();
      if (head.includes('\r\n\r\n')) resolve();
    });
    socket.write(`GET /api/appnotify/v1/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${user.token}\r\n\r\n`);
  });
  assert.match(head, /^HTTP\/1\.1 200/);
  return socket;
}

describe('under an open-files limit of 64', () => {
  let server, user, idle;
  before(async () => {
    const db = tempDb();
    user = addUser(db, 'Crowded');
    server = await startServer(db, [], { wrapper: ['prlimit', '--nofile=64:64', '--'] });
  });
  after(async () => {
    for (const socket of idle?.sockets ?? []) socket.destroy();
    await server.stop();
  });

  test('the connection limit is set below it', () => {
    assert.ok(server.maxConnections > 0 && server.maxConnections < 64, String(server.maxConnections));
  });

  test('70 idle connections: the oldest make room, and a request is answered', async () => {
    idle = await idleConnections(server, 70);
    const answer = await within(rawCall(server, user, 'GET', 'WhoAmI'), 5000, 'WhoAmI beside 70 idle connections');
    assert.equal(answer.status, 200);
    // The longest idle made room (those the process could not even accept wait in the kernel's queue).
    await eventually(() => idle.closed > 0, 5000);
  });
});

// A non-loopback address of this machine: the per-address limit leaves loopback alone (a proxy on
// the same machine carries everyone's connections).
const external = Object.values(os.networkInterfaces())
  .flat()
  .find((entry) => entry && !entry.internal && entry.family === 'IPv4')?.address;

describe('connection limits', () => {
  let server, user;
  const sockets = [];
  before(async () => {
    const db = tempDb();
    user = addUser(db, 'Streamer');
    server = await startServer(db, ['--max-connections', '6', '--max-connections-per-address', '3'], {
      host: '0.0.0.0',
    });
  });
  after(async () => {
    for (const socket of sockets) socket.destroy();
    await server.stop();
  });

  test(
    "over an address's share with none idle: 429 connections.too_many_from_address",
    { skip: !external && 'this machine has no address but loopback' },
    async () => {
      const viaExternal = { ...server, origin: `http://${external}:${new URL(server.origin).port}` };
      for (let i = 0; i < 3; i += 1) sockets.push(await streamFrom(viaExternal, user));
      const answer = await rawCall(viaExternal, user, 'GET', 'WhoAmI');
      assert.equal(answer.status, 429);
      assert.equal(answer.json.error.appnotify.code, 'connections.too_many_from_address');
      assert.equal(answer.headers['retry-after'], '1');
      // Loopback is not held to it.
      assert.equal((await rawCall(server, user, 'GET', 'WhoAmI')).status, 200);
      // A stream that ends gives its slot back.
      sockets.pop().destroy();
      await eventually(async () => (await rawCall(viaExternal, user, 'GET', 'WhoAmI')).status === 200, 5000);
    },
  );

  test('over the total with none idle: 503 connections.too_many', async () => {
    while (sockets.length < 6) sockets.push(await streamFrom(server, user));
    const answer = await rawCall(server, null, 'GET', '$metadata');
    assert.equal(answer.status, 503);
    assert.equal(answer.json.error.appnotify.code, 'connections.too_many');
    assert.equal(answer.headers['retry-after'], '1');
  });
});

describe('the test clock', () => {
  let server;
  before(async () => {
    server = await startServer(tempDb(), [], { host: '0.0.0.0' });
  });
  after(() => server.stop());

  test(
    'is said at start, and set from this machine only',
    { skip: !external && 'no address but loopback' },
    async () => {
      assert.match(server.logs.join(''), /--test-clock: any process on this machine can set this server's time/);
      const put = (origin) =>
        fetch(`${origin}/api/appnotify/v1/test/clock`, { method: 'PUT', body: JSON.stringify({ now: 1 }) });
      const refused = await put(`http://${external}:${new URL(server.origin).port}`);
      assert.equal(refused.status, 403);
      assert.equal((await refused.json()).error.appnotify.code, 'test_clock.loopback_only');
      assert.equal((await put(server.origin)).status, 204);
    },
  );
});
