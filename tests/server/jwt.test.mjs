// Bearer JWTs from an OpenID Connect provider, verified by appnotifyd against keys the test
// generates with npm jose: each algorithm, every kind of refused token (with the code it gets),
// key rotation from a file and from a URL, just-in-time users, the send role and application
// principals. Real tokens, real HTTP, no mock of the verifier.
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DynamicsWebApi } from 'dynamics-web-api';
import { SignJWT, base64url } from 'jose';

import { addUser, call, cli, eventually, openRawStream, startServer, tempDb, tempDir, within } from './harness.mjs';
import {
  ALGORITHMS,
  AUDIENCE,
  ISSUER,
  JWT_USER_NAMESPACE,
  jwtFlags,
  makeKey,
  mint,
  nameBasedId,
  selfSignedCertificate,
  serveJwks,
  writeJwks,
} from './identity.mjs';

const bearer = (token) => ({ token });
const whoAmI = (server, token) => call(server, bearer(token), 'GET', 'WhoAmI');
const unsigned = (header, claims) =>
  `${base64url.encode(JSON.stringify(header))}.${base64url.encode(JSON.stringify(claims))}.`;

describe('JWTs from a JWKS file', () => {
  let server, db, jwksFile, keys, rsa, other;
  before(async () => {
    db = tempDb();
    jwksFile = path.join(tempDir(), 'jwks.json');
    keys = await Promise.all(ALGORITHMS.map((alg) => makeKey(alg)));
    rsa = keys[0];
    other = await makeKey('RS256', rsa.kid); // same kid, another key: a forger's
    writeJwks(jwksFile, keys);
    server = await startServer(db, jwtFlags(jwksFile));
  });
  after(() => server.stop());

  test('every algorithm is accepted, and the user is the oid', async () => {
    for (const key of keys) {
      const oid = `0e5ec0de-0000-4000-8000-0000000000${ALGORITHMS.indexOf(key.alg)}0`;
      const response = await whoAmI(server, await mint(key, { oid }));
      assert.equal(response.status, 200, `${key.alg}: ${response.text}`);
      assert.equal(response.json.UserId, oid, key.alg);
    }
  });

  test('every refused token answers 401 with the check that failed, and nothing secret', async (t) => {
    const now = Date.now();
    const hour = 3600;
    const s = Math.floor(now / 1000);
    const publicPem = createPublicKey({ key: rsa.jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    const valid = await mint(rsa);
    const [h, p] = valid.split('.');
    const tampered = `${h}.${base64url.encode(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url')), oid: '0e5ec0de-0000-4000-8000-0000000000ff' }))}.${valid.split('.')[2]}`;
    const cases = [
      ['forged (another key, same kid)', await mint(other), 'auth.jwt.bad_signature'],
      ['tampered claims', tampered, 'auth.jwt.bad_signature'],
      ['expired', await mint(rsa, { exp: s - hour, iat: s - 2 * hour, nbf: s - 2 * hour }), 'auth.jwt.expired'],
      ['early (nbf)', await mint(rsa, { nbf: s + hour }), 'auth.jwt.not_yet_valid'],
      ['issued in the future (iat)', await mint(rsa, { iat: s + hour, nbf: undefined }), 'auth.jwt.issued_in_future'],
      ['no exp', await mint(rsa, { exp: undefined }), 'auth.jwt.no_expiry'],
      ['wrong issuer', await mint(rsa, { iss: 'https://evil.example/' }), 'auth.jwt.issuer'],
      ['wrong audience', await mint(rsa, { aud: 'api://someone-else' }), 'auth.jwt.audience'],
      ['audience array without ours', await mint(rsa, { aud: ['a', 'b'] }), 'auth.jwt.audience'],
      [
        'alg none',
        unsigned({ alg: 'none', kid: rsa.kid }, { iss: ISSUER, aud: AUDIENCE, exp: s + hour }),
        'auth.jwt.alg_none',
      ],
      [
        'HS256 with the public key as secret',
        await new SignJWT({ iss: ISSUER, aud: AUDIENCE, exp: s + hour, oid: '0e5ec0de-0000-4000-8000-00000000a11c' })
          .setProtectedHeader({ alg: 'HS256', kid: rsa.kid })
          .sign(new TextEncoder().encode(publicPem)),
        'auth.jwt.alg_hmac',
      ],
      ['unknown kid', await mint(rsa, {}, { header: { kid: 'no-such-key' } }), 'auth.jwt.unknown_kid'],
      ['no kid among several keys', await mint(rsa, {}, { header: { kid: undefined } }), 'auth.jwt.kid_required'],
      [
        'a key of the wrong type (ES256 naming an RSA key)',
        await mint(keys[2], {}, { header: { kid: rsa.kid } }),
        'auth.jwt.key_type',
      ],
      ['RS256 naming the PS256 key', await mint(rsa, {}, { header: { kid: keys[1].kid } }), 'auth.jwt.key_type'],
      ['oversized', await mint(rsa, { padding: 'x'.repeat(9500) }), 'auth.jwt.too_large'],
      ['malformed: two parts', 'eyJhbGciOiJSUzI1NiJ9.eyJ9', 'auth.jwt.malformed'],
      ['malformed: not base64url', 'eyJhb+/=.eyJ9.abc', 'auth.jwt.malformed'],
      ['malformed: header not JSON', `${base64url.encode('{not json')}.e30.AAAA`, 'auth.jwt.malformed'],
      ['encrypted (JWE)', 'eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d', 'auth.jwt.encrypted'],
      ['garbage', 'not-a-token-at-all', 'auth.invalid_token'],
    ];
    const rows = [];
    for (const [label, token, code] of cases) {
      const response = await whoAmI(server, token);
      rows.push(`${label}: ${response.status} ${response.json?.error?.appnotify?.code}`);
      assert.equal(response.status, 401, `${label}: ${response.text}`);
      assert.equal(response.json.error.code, '0x80072560', label);
      assert.equal(response.json.error.appnotify.code, code, `${label}: ${response.json.error.message}`);
      assert.match(response.headers.get('www-authenticate'), /^Bearer/);
      assert.ok(!response.text.includes(token.slice(-20)), `${label}: the answer echoes the token`);
    }
    t.diagnostic(rows.join('\n'));
    // Within the leeway (60 s) an expired token still passes; the audience may be an array.
    assert.equal((await whoAmI(server, await mint(rsa, { exp: s - 30 }))).status, 200);
    assert.equal((await whoAmI(server, await mint(rsa, { aud: ['x', AUDIENCE] }))).status, 200);
  });

  test('the file is read again when it changes: a new key works, a removed one stops', async () => {
    const next = await makeKey('ES256');
    const before = await mint(next);
    assert.equal((await whoAmI(server, before)).json.error.appnotify.code, 'auth.jwt.unknown_kid');
    writeJwks(jwksFile, [...keys, next]);
    assert.equal((await whoAmI(server, before)).status, 200, 'picked up without a restart');
    const old = await mint(rsa);
    assert.equal((await whoAmI(server, old)).status, 200);
    writeJwks(jwksFile, keys.slice(1).concat(next));
    const removed = await whoAmI(server, old);
    assert.equal(removed.status, 401, 'a verdict cached before the change is not reused');
    assert.equal(removed.json.error.appnotify.code, 'auth.jwt.unknown_kid');
    writeJwks(jwksFile, keys);
  });

  test('just-in-time users: created by the first token, renamed by a later one, ids stable', async () => {
    const oid = '0e5ec0de-0000-4000-8000-0000000000b0';
    assert.equal((await whoAmI(server, await mint(rsa, { oid, name: 'Bob First' }))).json.UserId, oid);
    const listed = () => cli('user', 'list', '--db', db).lines.find((u) => u.systemuserid === oid);
    assert.deepEqual(
      { name: listed().name, issuer: listed().issuer, staticToken: listed().staticToken, canSend: listed().canSend },
      { name: 'Bob First', issuer: ISSUER, staticToken: false, canSend: false },
    );
    await whoAmI(server, await mint(rsa, { oid, name: 'Bob Renamed' }));
    assert.equal(listed().name, 'Bob Renamed');
    // A user claim that is not a GUID (Auth0, Okta): a name-based UUID of issuer and value.
    const sub = 'auth0|5f7c8ec7c33c6c004bbafe82';
    const expected = nameBasedId(JWT_USER_NAMESPACE, `${ISSUER}#${sub}`);
    const token = await mint(rsa, { oid: undefined, sub, name: undefined, preferred_username: 'carol@example.test' });
    assert.equal((await whoAmI(server, token)).json.UserId, expected);
    assert.equal(
      cli('user', 'list', '--db', db).lines.find((u) => u.systemuserid === expected).name,
      'carol@example.test',
    );
    // The same id after a restart.
    await server.stop();
    server = await startServer(db, jwtFlags(jwksFile));
    assert.equal((await whoAmI(server, token)).json.UserId, expected);
  });

  test('a JWT user reads their own notifications; the send role lets them send to others', async () => {
    const alice = await mint(rsa, { oid: '0e5ec0de-0000-4000-8000-0000000000c1', name: 'Alice' });
    const dave = await mint(rsa, { oid: '0e5ec0de-0000-4000-8000-0000000000c2', name: 'Dave' });
    await whoAmI(server, dave); // provisioned, so that he can receive
    const toSelf = await call(server, bearer(alice), 'POST', 'appnotifications', {
      body: { title: 'mine', owner: '0e5ec0de-0000-4000-8000-0000000000c1' },
    });
    assert.equal(toSelf.status, 204);
    const mine = await call(server, bearer(alice), 'GET', 'appnotifications?$select=title');
    assert.deepEqual(
      mine.json.value.map((n) => n.title),
      ['mine'],
    );
    const toDave = { body: { title: 'for Dave', owner: '0e5ec0de-0000-4000-8000-0000000000c2' } };
    assert.equal((await call(server, bearer(alice), 'POST', 'appnotifications', toDave)).status, 403);
    const sender = await mint(rsa, { oid: '0e5ec0de-0000-4000-8000-0000000000c1', roles: ['appnotify.send'] });
    assert.equal((await call(server, bearer(sender), 'POST', 'appnotifications', toDave)).status, 204);
    const davesList = await call(server, bearer(dave), 'GET', 'appnotifications');
    assert.deepEqual(
      davesList.json.value.map((n) => n.title),
      ['for Dave'],
    );
  });

  test('an application principal (client credentials) sends to anyone and owns nothing', async () => {
    const recipient = '0e5ec0de-0000-4000-8000-0000000000d1';
    await whoAmI(server, await mint(rsa, { oid: recipient, name: 'Erin' }));
    const app = await mint(rsa, {
      oid: undefined,
      sub: undefined,
      name: undefined,
      azp: 'billing-service',
      roles: ['appnotify.send'],
    });
    const who = await whoAmI(server, app);
    assert.equal(who.json.UserId, nameBasedId(JWT_USER_NAMESPACE, `${ISSUER}#app:billing-service`));
    const sent = await call(server, bearer(app), 'POST', 'SendAppNotification', {
      body: { Title: 'Invoice ready', Recipient: `/systemusers(${recipient})` },
    });
    assert.equal(sent.status, 200, sent.text);
    assert.deepEqual((await call(server, bearer(app), 'GET', 'appnotifications')).json.value, []);
    const toItself = await call(server, bearer(app), 'POST', 'appnotifications', {
      body: { title: 'x', owner: who.json.UserId },
    });
    assert.equal(toItself.json.error.appnotify.code, 'owner.unknown_user');
    // Entra ID's application tokens carry an oid and idtyp "app".
    const entraApp = await mint(rsa, {
      oid: '0e5ec0de-0000-4000-8000-0000000000e0',
      idtyp: 'app',
      azp: 'c1',
      roles: ['appnotify.send'],
    });
    assert.equal((await whoAmI(server, entraApp)).json.UserId, nameBasedId(JWT_USER_NAMESPACE, `${ISSUER}#app:c1`));
    const noRole = await mint(rsa, { oid: undefined, sub: undefined, azp: 'billing-service' });
    assert.equal((await whoAmI(server, noRole)).json.error.appnotify.code, 'auth.jwt.no_user');
  });

  test('static tokens work beside JWTs, and a JWT cannot take over a static user', async () => {
    const staticUser = addUser(db, 'Static Sam');
    assert.equal((await call(server, staticUser, 'GET', 'WhoAmI')).json.UserId, staticUser.id);
    const takeover = await whoAmI(server, await mint(rsa, { oid: staticUser.id }));
    assert.equal(takeover.json.error.appnotify.code, 'auth.jwt.user_conflict');
    // An administrator links a directory user explicitly.
    const linked = addUser(db, 'Linked Lee', { id: '0e5ec0de-0000-4000-8000-0000000000f1', issuer: ISSUER });
    assert.equal((await whoAmI(server, await mint(rsa, { oid: linked.id }))).json.UserId, linked.id);
  });

  test('a disabled JWT user is refused, and their stream closes', async () => {
    const oid = '0e5ec0de-0000-4000-8000-0000000000a9';
    const token = await mint(rsa, { oid });
    const stream = await openRawStream(server, token);
    assert.equal(stream.status, 200);
    assert.equal(cli('user', 'disable', '--db', db, '--id', oid).status, 0);
    await within(stream.closed, 5000, 'the stream closes');
    assert.equal((await whoAmI(server, token)).json.error.appnotify.code, 'auth.user_disabled');
  });

  test('DynamicsWebApi works with a JWT as with a static token', async () => {
    const oid = '0e5ec0de-0000-4000-8000-0000000000aa';
    const token = await mint(rsa, { oid });
    const client = new DynamicsWebApi({
      serverUrl: `${server.origin}/`,
      dataApi: { version: '9.2' },
      onTokenRefresh: async () => token,
    });
    const who = await client.callFunction('WhoAmI');
    assert.equal(who.UserId, oid);
    const id = await client.create({
      collection: 'appnotifications',
      data: { title: 'Via DynamicsWebApi', owner: oid },
    });
    assert.match(String(id), /^[0-9a-f-]{36}$/);
    const page = await client.retrieveMultiple({ collection: 'appnotifications', select: ['title'] });
    assert.deepEqual(
      page.value.map((n) => n.title),
      ['Via DynamicsWebApi'],
    );
    await client.deleteRecord({ collection: 'appnotifications', key: String(id) });
    assert.equal((await client.retrieveMultiple({ collection: 'appnotifications' })).value.length, 0);
  });
});

describe('JWTs with keys from a URL', () => {
  let provider, server, first, T0;
  before(async () => {
    first = await makeKey('RS256');
    provider = await serveJwks([first]);
    T0 = Date.now();
    server = await startServer(tempDb(), jwtFlags(provider.url));
  });
  after(async () => {
    await server.stop();
    await provider.close();
  });

  test('fetched at start; a rotated key is fetched once; a flood of unknown kids fetches nothing more', async () => {
    await eventually(() => provider.fetches === 1); // fetched at start, in the background
    assert.equal((await whoAmI(server, await mint(first))).status, 200);
    const rotated = await makeKey('ES256');
    provider.keys = [first, rotated];
    // Within 5 s of the last fetch a new kid waits; afterwards it is fetched once.
    await server.setTime(T0 + 10_000);
    assert.equal((await whoAmI(server, await mint(rotated, {}, { now: T0 + 10_000 }))).status, 200);
    assert.equal(provider.fetches, 2, 'one fetch for the rotated key');
    const flood = [];
    for (let i = 0; i < 50; i += 1)
      flood.push(whoAmI(server, await mint(first, {}, { now: T0 + 10_000, header: { kid: `made-up-${i}` } })));
    for (const response of await Promise.all(flood))
      assert.equal(response.json.error.appnotify.code, 'auth.jwt.unknown_kid');
    assert.equal(provider.fetches, 2, '50 unknown kids within the interval fetch nothing');
    await server.setTime(T0 + 20_000);
    await whoAmI(server, await mint(first, {}, { now: T0 + 20_000, header: { kid: 'made-up-again' } }));
    await whoAmI(server, await mint(first, {}, { now: T0 + 20_000, header: { kid: 'made-up-once-more' } }));
    assert.equal(provider.fetches, 3, 'one fetch per interval at most');
  });
});

describe('JWTs with keys from an https URL', () => {
  test('the certificate is checked against the trust store (SSL_CERT_FILE here)', async () => {
    const tls = selfSignedCertificate();
    const key = await makeKey('EdDSA');
    const provider = await serveJwks([key], { tls });
    const trusted = await startServer(tempDb(), jwtFlags(provider.url), { env: { SSL_CERT_FILE: tls.certFile } });
    const untrusted = await startServer(tempDb(), jwtFlags(provider.url), { env: { SSL_CERT_FILE: '/dev/null' } });
    try {
      assert.equal((await whoAmI(trusted, await mint(key))).status, 200);
      const refused = await whoAmI(untrusted, await mint(key));
      assert.equal(
        refused.json.error.appnotify.code,
        'auth.jwt.unknown_kid',
        'an unverified certificate gives no keys',
      );
      assert.match(untrusted.logs.join(''), /certificate verify failed|TLS handshake/);
    } finally {
      await Promise.all([trusted.stop(), untrusted.stop(), provider.close()]);
    }
  });
});

describe('a push stream opened with a JWT', () => {
  test('closes when the token expires (with the leeway), so the page comes back with a fresh one', async () => {
    const db = tempDb();
    const file = path.join(tempDir(), 'jwks.json');
    const key = await makeKey('ES256');
    writeJwks(file, [key]);
    const server = await startServer(db, jwtFlags(file));
    try {
      const T = Date.now();
      await server.setTime(T);
      const token = await mint(key, { exp: Math.floor(T / 1000) + 120 }, { now: T });
      const stream = await openRawStream(server, token);
      assert.equal(stream.status, 200);
      await server.setTime(T + 181_000);
      await within(stream.closed, 5000, 'the stream closes at expiry');
      assert.equal((await whoAmI(server, token)).json.error.appnotify.code, 'auth.jwt.expired');
    } finally {
      await server.stop();
    }
  });
});

describe('JWT settings', () => {
  test('without --jwt-issuer a JWT is refused with a message that says so', async () => {
    const server = await startServer(tempDb());
    try {
      const response = await whoAmI(server, await mint(await makeKey('ES256')));
      assert.equal(response.json.error.appnotify.code, 'auth.jwt.not_configured');
    } finally {
      await server.stop();
    }
  });

  test('--jwt-algorithms narrows the allow-list; --jwt-user-claim picks the claim', async () => {
    const db = tempDb();
    const file = path.join(tempDir(), 'jwks.json');
    const rs = await makeKey('RS256');
    const ps = await makeKey('PS256');
    writeJwks(file, [rs, ps]);
    const server = await startServer(db, jwtFlags(file, ['--jwt-algorithms', 'RS256', '--jwt-user-claim', 'upn']));
    try {
      assert.equal((await whoAmI(server, await mint(ps))).json.error.appnotify.code, 'auth.jwt.alg_not_allowed');
      const byUpn = await whoAmI(server, await mint(rs, { upn: 'alice@example.test' }));
      assert.equal(byUpn.json.UserId, nameBasedId(JWT_USER_NAMESPACE, `${ISSUER}#alice@example.test`));
    } finally {
      await server.stop();
    }
  });

  test('incomplete or invalid JWT flags refuse to start, with exit status 2', () => {
    const db = tempDb();
    const partial = cli('serve', '--db', db, '--jwt-issuer', ISSUER);
    assert.equal(partial.status, 2);
    assert.match(partial.stderr, /--jwt-audience/);
    const badFile = cli('serve', '--db', db, ...jwtFlags(path.join(tempDir(), 'missing.json')));
    assert.equal(badFile.status, 2);
    assert.match(badFile.stderr, /--jwt-jwks/);
    const badAlg = cli('serve', '--db', db, ...jwtFlags('x.json', ['--jwt-algorithms', 'HS256']));
    assert.equal(badAlg.status, 2);
    assert.match(badAlg.stderr, /--jwt-algorithms/);
  });
});
