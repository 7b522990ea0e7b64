// A real identity provider for the server ring, made of npm `jose`: key pairs the test generates
// (RS256, PS256, ES256, EdDSA), their public JWKS as a file and served over loopback HTTP (with a
// count of fetches), and tokens signed as an OpenID Connect provider signs them.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';

export const ISSUER = 'https://login.example.test/tenant-1/v2.0';
export const AUDIENCE = 'api://appnotify';
export const ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];

/** A signing key: {alg, kid, privateKey, jwk (public, with kid, alg and use)}. */
export async function makeKey(alg, kid = `${alg.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}`) {
  const { publicKey, privateKey } = await generateKeyPair(alg, {
    extractable: true,
    crv: alg === 'EdDSA' ? 'Ed25519' : undefined,
  });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { alg, kid, privateKey, publicKey, jwk };
}

export const jwks = (keys) => ({ keys: keys.map((key) => key.jwk) });

export function writeJwks(file, keys) {
  writeFileSync(file, JSON.stringify(jwks(keys)));
}

/**
 * A signed token. `claims` are merged over a valid user's (iss, aud, exp in an hour, iat, nbf,
 * oid, name); a claim set to undefined is left out. `header` is merged over {alg, kid}.
 */
export async function mint(key, claims = {}, { now = Date.now(), header = {} } = {}) {
  const seconds = Math.floor(now / 1000);
  const all = {
    iss: ISSUER,
    aud: AUDIENCE,
    iat: seconds,
    nbf: seconds,
    exp: seconds + 3600,
    oid: '0e5ec0de-0000-4000-8000-00000000a11c',
    name: 'Alice Example',
    ...claims,
  };
  for (const name of Object.keys(all)) if (all[name] === undefined) delete all[name];
  return new SignJWT(all).setProtectedHeader({ alg: key.alg, kid: key.kid, ...header }).sign(key.privateKey);
}

/** A self-signed certificate for 127.0.0.1 made with OpenSSL's command line: {key, cert, certFile}. */
export function selfSignedCertificate() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'appnotify-tls-'));
  const [keyFile, certFile] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(keyFile), cert: readFileSync(certFile), certFile, keyFile };
}

/**
 * Serves a JWKS at http(s)://127.0.0.1:PORT/keys (https with `tls` {key, cert}); `keys` can be
 * replaced; `fetches` counts GETs; while `hang` is set, a GET is taken and never answered.
 */
export async function serveJwks(keys, { tls } = {}) {
  const provider = { keys, fetches: 0, url: '', hang: false };
  const answer = (request, response) => {
    provider.fetches += 1;
    if (provider.hang) return;
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(jwks(provider.keys)));
  };
  const server = tls ? https.createServer(tls, answer) : http.createServer(answer);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  provider.url = `${tls ? 'https' : 'http'}://127.0.0.1:${server.address().port}/keys`;
  provider.close = () =>
    new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    });
  return provider;
}

/** The systemuserid of a user whose claim is not a GUID: UUID v5 (RFC 9562) computed here independently. */
export function nameBasedId(namespace, name) {
  const bytes = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1')
    .update(Buffer.concat([bytes, Buffer.from(name, 'utf8')]))
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const JWT_USER_NAMESPACE = '7c4fb1a1-3b8e-5c52-9d9e-6170706e6f74';

/** The server flags for this provider, with the keys from `source` (a file path or a URL). */
export const jwtFlags = (source, extra = []) => [
  '--jwt-issuer',
  ISSUER,
  '--jwt-audience',
  AUDIENCE,
  '--jwt-jwks',
  source,
  ...extra,
];
