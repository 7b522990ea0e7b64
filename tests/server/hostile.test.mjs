// Hostile clients: malformed and truncated requests, huge headers and bodies, deep nesting, clients
// that send a byte at a time, connections opened and dropped by the thousand. Each gets a 4xx or is
// cut off, and the server keeps answering everyone else.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';

import { addUser, call, rawRequest, startServer, tempDb } from './harness.mjs';

describe('hostile clients', () => {
  let server, user;
  before(async () => {
    const db = tempDb();
    user = addUser(db, 'Victim');
    server = await startServer(db);
  });
  after(async () => {
    const { code } = await server.stop();
    assert.equal(code, 0, 'still drains cleanly');
  });

  const healthy = async () => (await call(server, user, 'GET', 'WhoAmI')).status;

  test('malformed, truncated and oversized requests get a 4xx or are cut off', async () => {
    const auth = `Authorization: Bearer ${user.token}\r\n`;
    const cases = [
      ['garbage', 'HELLO THERE\r\n\r\n', /^HTTP\/1\.1 400|^$/],
      ['bad version', 'GET / HTTP/9.9\r\n\r\n', /^HTTP\/1\.1 400|^$/],
      ['header without colon', `GET /api/data/v9.2/WhoAmI HTTP/1.1\r\nHost: x\r\nbroken\r\n\r\n`, /^HTTP\/1\.1 400|^$/],
      [
        'huge header',
        `GET /api/data/v9.2/WhoAmI HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`,
        /^HTTP\/1\.1 431|^$/,
      ],
      [
        'body shorter than its length',
        `POST /api/data/v9.2/appnotifications HTTP/1.1\r\nHost: x\r\n${auth}Content-Length: 100\r\n\r\n{"title"`,
        /^$|^HTTP\/1\.1 400/,
      ],
      [
        'bad chunking',
        `POST /api/data/v9.2/appnotifications HTTP/1.1\r\nHost: x\r\n${auth}Transfer-Encoding: chunked\r\n\r\nzz\r\n`,
        /^HTTP\/1\.1 400|^$/,
      ],
      [
        'invalid UTF-8 body',
        `POST /api/data/v9.2/appnotifications HTTP/1.1\r\nHost: x\r\n${auth}Content-Length: 4\r\n\r\n\xff\xfe\xfd\xfc`,
        /^HTTP\/1\.1 400/,
      ],
    ];
    for (const [name, bytes, expected] of cases) {
      assert.match(await rawRequest(server, Buffer.from(bytes, 'latin1')), expected, name);
      assert.equal(await healthy(), 200, `still answering after: ${name}`);
    }
  });

  test('a Host header that is not a plain authority never makes an answer invalid JSON (found by fuzzing)', async () => {
    for (const host of ['localhos\xcd-7t', 'a"b', 'x\\y', '']) {
      const answer = await rawRequest(
        server,
        Buffer.from(
          `GET /api/data/v9.2/WhoAmI HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${user.token}\r\nConnection: close\r\n\r\n`,
          'latin1',
        ),
        { whole: true },
      );
      assert.match(answer, /^HTTP\/1\.1 200/, JSON.stringify(host));
      const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
      assert.equal(body['@odata.context'], `${server.api}/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`);
    }
  });

  test('deeply nested JSON is refused without harm', async () => {
    for (const body of [
      '['.repeat(500000),
      `{"title": ${'['.repeat(100000)}`,
      `{"title": "x", "data": "${'['.repeat(4000)}"}`,
    ]) {
      const response = await call(server, user, 'POST', 'appnotifications', { body });
      assert.equal(response.status, 400);
    }
    assert.equal(await healthy(), 200);
  });

  test('clients that send a byte at a time do not hold up the others', async () => {
    const { hostname, port } = new URL(server.origin);
    const slow = Array.from({ length: 200 }, () => {
      const socket = net.connect(Number(port), hostname);
      socket.on('error', () => {});
      socket.write('GET /api/data/v9.2/WhoAmI HTTP/1.1\r\nHo');
      return socket;
    });
    // While they dawdle, everyone else is answered.
    const answers = await Promise.all(Array.from({ length: 50 }, healthy));
    assert.deepEqual([...new Set(answers)], [200]);
    for (const socket of slow) socket.destroy();
  });

  test('thousands of connections opened and dropped leave the server answering', async () => {
    const { hostname, port } = new URL(server.origin);
    for (let batch = 0; batch < 4; batch += 1) {
      await Promise.all(
        Array.from(
          { length: 500 },
          () =>
            new Promise((resolve) => {
              const socket = net.connect(Number(port), hostname, () => {
                socket.write('GET /api/data/v9.2/WhoAmI HTTP/1.1\r\n');
                socket.destroy();
                resolve();
              });
              socket.on('error', resolve);
            }),
        ),
      );
    }
    assert.equal(await healthy(), 200);
  });
});
