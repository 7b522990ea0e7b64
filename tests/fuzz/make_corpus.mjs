// Writes the seed corpora for the fuzz targets from the shared vectors: node make_corpus.mjs DIR.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { inputText, loadVectors } from '../wasm/vectors.mjs';

const [outDir] = process.argv.slice(2);
// Center scenarios as the wire text they become (a rough but useful seed: the fuzzer finds the rest).
const centerSeeds = [
  'serverList\t10\t2\nitem\ta\t1\t200000001\t200000000\t60\nitem\tb\t2026-11-27T00:00:00.000Z\t\t\t',
  'serverCreated\ta\t0\t200000000\t200000000\t5\x01hoverToast\ta\x01unhoverToast\ta\x01dismiss\ta\x01deleteResult\ta\tfailed',
  'restore\t5\ta b\tc\x01openCenter\x01closeCenter\x01settings\t0\t100\x01dismissAll\x01serverTime\t99999\x01pageHide',
  'serverCreated\ta\t0\t\t\t\x01markSeen\ta\x01serverDeleted\ta\x01closeToast\t',
];

const querySeeds = [
  "$filter=title eq 'x' and (priority ge 200000000 or not (body eq null))&$top=5",
  "$filter=contains(title,'50%') or createdon lt 2026-11-27T00:00:00Z&$orderby=title desc,createdon",
  '$select=title,body&$count=true&$skiptoken=100',
  '$filter=_ownerid_value eq 6f9619ff-8b86-d011-b42d-00c04fc964ff',
];

// HTTP requests with the tokens server_request_fuzzer's users have ("alice", "bob").
const ALICE = 'a11ce000-0000-4000-8000-000000000001';
const BOBS = 'b0b0b0b0-0000-4000-8000-00000000000b';
const request = (method, target, { token = 'alice', body, headers = [] } = {}) =>
  [
    `${method} ${target} HTTP/1.1`,
    'Host: localhost',
    ...(token ? [`Authorization: Bearer ${token}`] : []),
    ...headers,
    ...(body !== undefined ? ['Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`] : []),
    '',
    body ?? '',
  ].join('\r\n');
const api = '/api/data/v9.2';
const requestSeeds = [
  request('GET', `${api}/appnotifications?$select=title,body&$top=5&$count=true`),
  request('GET', `${api}/appnotifications?$filter=${encodeURIComponent("title eq 'x' or priority ge 200000000")}`, {
    headers: ['Prefer: odata.maxpagesize=1'],
  }),
  request('GET', `${api}/appnotifications/$count`),
  // Change tracking: the first download, its next page, a delta link, as Bob and as Alice.
  request('GET', `${api}/appnotifications?$select=title`, {
    headers: ['Prefer: odata.track-changes,odata.maxpagesize=1'],
  }),
  request('GET', `${api}/appnotifications?$skiptoken=0%210%21${BOBS}`, { token: 'bob' }),
  request('GET', `${api}/appnotifications?$deltatoken=0%211795780800000`),
  request('GET', `${api}/appnotifications?$deltatoken=0%211795780800000`, { token: 'bob' }),
  request('GET', `${api}/appnotifications(${BOBS})`),
  request('GET', `${api}/appnotifications(${BOBS})`, { token: 'bob' }),
  request('DELETE', `${api}/appnotifications(${BOBS})`),
  request('PATCH', `${api}/appnotifications(${BOBS})`, { body: '{"title":"mine now"}', headers: ['If-Match: *'] }),
  request('PATCH', `${api}/appnotifications(${BOBS})`, { body: '{"title":"upsert"}' }),
  request('POST', `${api}/appnotifications`, {
    body: JSON.stringify({ title: 'hi', body: '**x**', 'ownerid@odata.bind': `/systemusers(${ALICE})` }),
    headers: ['Prefer: return=representation'],
  }),
  request('POST', `${api}/appnotifications`, { body: JSON.stringify({ title: 'for bob', owner: BOBS }) }),
  request('POST', `${api}/SendAppNotification`, {
    token: 'bob',
    body: JSON.stringify({ Title: 'Sent', Recipient: `/systemusers(${ALICE})`, Body: 'b', OverrideContent: {} }),
  }),
  request('GET', `${api}/WhoAmI()`),
  request('GET', `${api}/$metadata`, { token: null }),
  request('GET', `${api}/`, { token: 'wrong' }),
  // Regression (found by this fuzzer): a Host header with invalid UTF-8 made answers invalid JSON.
  Buffer.from(
    request('GET', `${api}/appnotifications(${BOBS})`, { token: 'bob' }).replace(
      'Host: localhost',
      'Host: localhos\xcd-7t',
    ),
    'latin1',
  ),
  ...loadVectors('validate')
    .slice(0, 40)
    .map(({ spec }) => request('POST', `${api}/appnotifications`, { body: inputText(spec) })),
];

// jwt_fuzzer: the first byte picks a bearer token (0), a JWKS (1) or header and claims to sign (2).
const b64 = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const claims = { iss: 'https://issuer.example/', aud: 'api://appnotify', exp: 1795784400, iat: 1795780800, oid: ALICE };
const jwtSeeds = [
  `\x00${b64({ alg: 'RS256', kid: 'rsa' })}.${b64(claims)}.${b64('x'.repeat(256))}`,
  `\x00${b64({ alg: 'ES256', kid: 'ec' })}.${b64(claims)}.${b64('x'.repeat(64))}`,
  `\x00${b64({ alg: 'none' })}.${b64(claims)}.`,
  `\x00${b64({ alg: 'HS256', kid: 'rsa' })}.${b64(claims)}.${b64('x'.repeat(32))}`,
  '\x00eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d',
  `\x01${JSON.stringify({ keys: [{ kty: 'OKP', crv: 'Ed25519', x: b64('x'.repeat(32)), kid: 'a' }] })}`,
  `\x01${JSON.stringify({ keys: [{ kty: 'EC', crv: 'P-256', x: b64('x'.repeat(32)), y: b64('y'.repeat(32)) }] })}`,
  `\x01${JSON.stringify({ keys: [{ kty: 'RSA', n: b64('n'.repeat(256)), e: 'AQAB', use: 'sig', alg: 'RS256' }] })}`,
  `\x02${JSON.stringify({ alg: 'EdDSA', kid: 'ed' })}\n${JSON.stringify(claims)}`,
  `\x02${JSON.stringify({ alg: 'EdDSA' })}\n${JSON.stringify({ ...claims, aud: ['x', 'api://appnotify'], nbf: 1, roles: ['appnotify.send'] })}`,
  `\x02${JSON.stringify({ alg: 'EdDSA', kid: 'ed', crit: ['b64'] })}\n${JSON.stringify({ ...claims, oid: undefined, azp: 'svc', roles: ['appnotify.send'] })}`,
];

const corpora = {
  jwt_fuzzer: jwtSeeds,
  server_request_fuzzer: requestSeeds,
  odata_query_fuzzer: querySeeds,
  center_fuzzer: centerSeeds,
  markdown_fuzzer: loadVectors('markdown').map(({ spec }) => spec.markdown ?? spec.plain),
  markdown_bare_fuzzer: loadVectors('markdown').map(({ spec }) => spec.markdown ?? spec.plain),
  validate_fuzzer: loadVectors('validate').map(({ spec }) => inputText(spec)),
};
for (const [target, inputs] of Object.entries(corpora)) {
  const dir = path.join(outDir, target);
  mkdirSync(dir, { recursive: true });
  inputs.forEach((input, i) => writeFileSync(path.join(dir, `seed-${i}`), input));
}
