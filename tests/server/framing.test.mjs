// Request smuggling: a request whose body's length two HTTP parsers could read differently (an
// unknown Transfer-Encoding, one beside a Content-Length, two Content-Lengths) is refused with 400
// and its connection closed, so that nothing in its body is ever answered as a request of its own.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';

import { addUser, call, rawRequest, startServer, tempDb, within } from './harness.mjs';

describe('ambiguous framing', () => {
  let server, user;
  before(async () => {
    const db = tempDb();
    user = addUser(db, 'Framed');
    server = await startServer(db);
  });
  after(() => server.stop());

  // A POST whose body, read as no body, would be a second request: WhoAmI with the user's token.
  const smuggle = (headers) => {
    const hidden = `GET /api/data/v9.2/WhoAmI HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${user.token}\r\n\r\n`;
    return Buffer.from(
      `POST /api/data/v9.2/appnotifications HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${user.token}\r\n` +
        `Content-Type: application/json\r\n${headers}\r\n${hidden}`,
      'latin1',
    );
  };

  for (const [name, headers] of [
    ['Transfer-Encoding: gzip', 'Transfer-Encoding: gzip\r\n'],
    ['Transfer-Encoding: chunked, identity', 'Transfer-Encoding: chunked, identity\r\n'],
    ['two Transfer-Encodings', 'Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n'],
    ['Transfer-Encoding: gzip beside a Content-Length', 'Transfer-Encoding: gzip\r\nContent-Length: 2\r\n'],
    ['two equal Content-Lengths', 'Content-Length: 0\r\nContent-Length: 0\r\n'],
    ['a Content-Length list', 'Content-Length: 0, 0\r\n'],
  ]) {
    test(`${name}: 400, the connection closed, the body never answered`, async () => {
      const answer = await rawRequest(server, smuggle(headers), { whole: true });
      assert.match(answer, /^HTTP\/1\.1 400 /, answer);
      assert.equal(answer.match(/HTTP\/1\.1 /g).length, 1, `one answer only:\n${answer}`);
      assert.match(answer, /[Cc]onnection: close/);
      assert.match(answer, /"request\.(bad_framing|malformed)"/);
      assert.doesNotMatch(answer, /UserId/);
    });
  }

  test('exactly "chunked" (any case) is still read', async () => {
    const body = JSON.stringify({ title: 'chunked', 'ownerid@odata.bind': `/systemusers(${user.id})` });
    const bytes = Buffer.from(
      `POST /api/data/v9.2/appnotifications HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${user.token}\r\n` +
        `Content-Type: application/json\r\nTransfer-Encoding: Chunked\r\nConnection: close\r\n\r\n` +
        `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
      'latin1',
    );
    assert.match(await rawRequest(server, bytes), /^HTTP\/1\.1 204/);
    assert.equal((await call(server, user, 'GET', 'appnotifications?$select=title')).json.value[0].title, 'chunked');
  });

  test('after an error answer, a client that trickles bytes is let go within 5 s, not kept by each byte', async () => {
    const { hostname, port } = new URL(server.origin);
    const socket = net.connect(Number(port), hostname);
    socket.on('error', () => {});
    socket.resume();
    const closed = new Promise((resolve) => socket.on('close', resolve));
    socket.write('POST /api/data/v9.2/appnotifications HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n');
    const trickle = setInterval(() => socket.write('x'), 250);
    try {
      await within(closed, 8000, 'the close of a trickling connection');
    } finally {
      clearInterval(trickle);
      socket.destroy();
    }
  });
});
