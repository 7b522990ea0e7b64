// The issuer's keys are fetched in the background, through the outbound client with a deadline on
// every step: an identity provider that accepts and never answers delays neither the start nor
// any request, a token naming an unknown kid waits for the fetch in flight without holding a
// thread, and keys still rotate once the provider answers again. An http:// jwks_uri is warned about.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { addUser, call, startServer, tempDb, within } from './harness.mjs';
import { jwtFlags, makeKey, mint, serveJwks } from './identity.mjs';

const whoAmI = (server, token) => call(server, { token }, 'GET', 'WhoAmI');

describe('an identity provider that accepts and never answers', () => {
  let provider, server, key, user, T0;
  before(async () => {
    key = await makeKey('ES256');
    provider = await serveJwks([key]);
    provider.hang = true;
    const db = tempDb();
    user = addUser(db, 'Static');
    T0 = Date.now();
    // One request thread: anything that held it would stall every other request.
    server = await within(
      startServer(db, jwtFlags(provider.url, ['--threads', '1', '--outbound-timeout', '300'])),
      3000,
      'serve with a hanging jwks_uri',
    );
    await server.setTime(T0);
  });
  after(async () => {
    await server.stop();
    await provider.close();
  });

  test('says at start that an http:// jwks_uri is fetched without TLS', () => {
    assert.match(server.logs.join(''), /fetched without TLS/);
  });

  test('a token with an unknown kid is refused after the fetch gives up; the thread serves others meanwhile', async () => {
    const refused = whoAmI(server, await mint(key, {}, { now: T0 }));
    const metadata = await within(call(server, null, 'GET', '$metadata'), 1000, '$metadata meanwhile');
    assert.equal(metadata.status, 200);
    assert.equal((await within(call(server, user, 'GET', 'WhoAmI'), 1000, 'a static token meanwhile')).status, 200);
    const answer = await within(refused, 3000, 'the JWT request');
    assert.equal(answer.status, 401);
    assert.equal(answer.json.error.appnotify.code, 'auth.jwt.unknown_kid');
    assert.match(server.logs.join(''), /cannot fetch the JWKS from .* timed out after 300 ms/);
  });

  test('once the provider answers again, the next fetch brings the keys', async () => {
    provider.hang = false;
    const later = T0 + 10_000; // past the 5 s between two fetches for unknown kids
    await server.setTime(later);
    const answer = await whoAmI(server, await mint(key, {}, { now: later }));
    assert.equal(answer.status, 200, answer.text);
  });
});
