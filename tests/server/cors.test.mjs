// Cross-origin use (--cors-origin): preflights from an allowed origin, the headers its answers
// and its push stream carry, and nothing at all for any other origin.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { addUser, call, openRawStream, startServer, tempDb } from './harness.mjs';

const ALLOWED = 'https://app.example.com';
const OTHER = 'https://evil.example.net';

describe('CORS', () => {
  let server, wildcard, alice;
  before(async () => {
    const db = tempDb();
    alice = addUser(db, 'Alice');
    server = await startServer(db, ['--cors-origin', ALLOWED, '--cors-origin', 'http://127.0.0.1:5173']);
    wildcard = await startServer(db, ['--cors-origin', '*']);
  });
  after(async () => {
    await server.stop();
    await wildcard.stop();
  });

  const preflight = (target, origin, method = 'GET', headers = 'authorization') =>
    fetch(`${target.api}/appnotifications`, {
      method: 'OPTIONS',
      headers: { Origin: origin, 'Access-Control-Request-Method': method, 'Access-Control-Request-Headers': headers },
    });

  test('a preflight from an allowed origin answers 204 with methods, headers and a max-age', async () => {
    for (const origin of [ALLOWED, 'http://127.0.0.1:5173']) {
      const response = await preflight(server, origin, 'PATCH', 'authorization,content-type,if-match');
      assert.equal(response.status, 204);
      assert.equal(response.headers.get('access-control-allow-origin'), origin);
      assert.equal(response.headers.get('vary'), 'Origin');
      assert.match(response.headers.get('access-control-allow-methods'), /PATCH/);
      const allowed = response.headers.get('access-control-allow-headers').toLowerCase();
      for (const header of [
        'authorization',
        'content-type',
        'prefer',
        'if-match',
        'if-none-match',
        'odata-version',
        'odata-maxversion',
        'last-event-id',
        'accept',
      ]) {
        assert.ok(allowed.includes(header), header);
      }
      assert.ok(Number(response.headers.get('access-control-max-age')) >= 600);
    }
    // The stream's preflight too: no token is needed for one.
    const stream = await fetch(`${server.origin}/api/appnotify/v1/stream`, {
      method: 'OPTIONS',
      headers: {
        Origin: ALLOWED,
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'authorization,last-event-id',
      },
    });
    assert.equal(stream.status, 204);
  });

  test('answers to an allowed origin expose the OData headers, errors included', async () => {
    const created = await call(server, alice, 'POST', 'appnotifications', {
      body: { title: 'x', owner: alice.id },
      headers: { Origin: ALLOWED },
    });
    assert.equal(created.status, 204);
    assert.equal(created.headers.get('access-control-allow-origin'), ALLOWED);
    const exposed = created.headers.get('access-control-expose-headers');
    for (const header of ['OData-EntityId', 'ETag', 'Preference-Applied', 'OData-Version'])
      assert.ok(exposed.includes(header), header);
    const unauthorized = await call(server, { token: 'wrong' }, 'GET', 'appnotifications', {
      headers: { Origin: ALLOWED },
    });
    assert.equal(unauthorized.status, 401);
    assert.equal(unauthorized.headers.get('access-control-allow-origin'), ALLOWED, 'the page can read its 401');
  });

  test('any other origin gets no CORS header at all', async () => {
    const refused = await preflight(server, OTHER);
    assert.equal(refused.status, 403);
    const body = await refused.json();
    assert.equal(body.error.appnotify.code, 'cors.origin_not_allowed');
    for (const [name] of refused.headers) assert.ok(!name.startsWith('access-control-'), name);
    const answer = await call(server, alice, 'GET', 'appnotifications', { headers: { Origin: OTHER } });
    assert.equal(answer.status, 200);
    for (const [name] of answer.headers) assert.ok(!name.startsWith('access-control-'), name);
    const sameOrigin = await call(server, alice, 'GET', 'appnotifications');
    assert.equal(sameOrigin.headers.get('access-control-allow-origin'), null);
  });

  test('the push stream carries the CORS headers for an allowed origin only', async () => {
    const allowed = await openRawStream(server, alice.token, { Origin: ALLOWED });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers.get('access-control-allow-origin'), ALLOWED);
    allowed.close();
    const other = await openRawStream(server, alice.token, { Origin: OTHER });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    other.close();
  });

  test('--cors-origin * allows any origin', async () => {
    const response = await preflight(wildcard, OTHER);
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
  });

  test('without --cors-origin a preflight answers 403 and says how to allow it', async () => {
    const plain = await startServer(tempDb());
    try {
      const response = await preflight(plain, ALLOWED);
      assert.equal(response.status, 403);
      assert.match((await response.json()).error.message, /--cors-origin https:\/\/app\.example\.com/);
    } finally {
      await plain.stop();
    }
  });
});
