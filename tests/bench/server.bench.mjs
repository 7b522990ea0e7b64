// appnotifyd under load on loopback (2-core machine), each figure beside its target:
//   - the machine's raw SQLite insert rate (sqlite3 CLI, one fsync per row and one transaction);
//   - acknowledged creates/s with 64 concurrent clients (wrk, POST);
//   - owner-filtered polls/s, a page of 50 (wrk, GET), with the page cache and without it, each with
//     a static token and with a JWT (RS256, keys from a JWKS file) for the same user, taking turns;
//   - the JWT verifier's cost per new token, per algorithm (native, appnotify_jwt_bench);
//   - 10,000 open push streams: server resident memory, and the delay from a POST's answer to the
//     event on its recipient's streams (p50, p99 over 200 sends).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { NO_CALLER_LIMITS, addUser, startServer, tempDb } from '../server/harness.mjs';
import { ISSUER, jwtFlags, makeKey, mint, writeJwks } from '../server/identity.mjs';
import { openStreams } from './streams.mjs';
import { wrk as run } from './wrk.mjs';

const wrk = (url, headers, options = {}) => run(url, headers, { seconds: SECONDS, ...options });

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SECONDS = Number(process.env.APPNOTIFY_BENCH_SECONDS || 4);
const STREAMS = Number(process.env.APPNOTIFY_BENCH_STREAMS || 10000);
const work = path.join(os.tmpdir(), `appnotify-bench-${process.pid}`);
mkdirSync(work, { recursive: true });

function rawSqlite() {
  const db = path.join(work, 'raw.db');
  const rows = 300;
  const single = [
    'PRAGMA journal_mode=WAL;',
    'PRAGMA synchronous=FULL;',
    'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);',
  ];
  for (let i = 0; i < rows; i += 1) single.push(`INSERT INTO t (v) VALUES ('${'x'.repeat(200)}');`);
  let start = process.hrtime.bigint();
  execFileSync('sqlite3', [db], { input: single.join('\n') });
  const perRowFsync = rows / (Number(process.hrtime.bigint() - start) / 1e9);
  const batch = ['BEGIN;'];
  for (let i = 0; i < 50000; i += 1) batch.push(`INSERT INTO t (v) VALUES ('${'x'.repeat(200)}');`);
  batch.push('COMMIT;');
  start = process.hrtime.bigint();
  execFileSync('sqlite3', [db], { input: batch.join('\n') });
  const oneTransaction = 50000 / (Number(process.hrtime.bigint() - start) / 1e9);
  return {
    rowsPerSecondOneFsyncEach: Math.round(perRowFsync),
    rowsPerSecondOneTransaction: Math.round(oneTransaction),
  };
}

function residentMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

// Polls with both kinds of token, taking turns (ROUNDS each), on one server: the mean of each.
async function pollsBothWays(api, staticAuth, jwtAuth, rounds = 2) {
  const runs = { static: [], jwt: [] };
  for (let i = 0; i < rounds; i += 1) {
    runs.static.push(await wrk(pollUrl(api), staticAuth));
    runs.jwt.push(await wrk(pollUrl(api), jwtAuth));
  }
  const mean = (list) => ({
    perSecond: Math.round(list.reduce((sum, r) => sum + r.perSecond, 0) / list.length),
    p99Ms: Math.max(...list.map((r) => r.p99Ms)),
    errors: list.reduce((sum, r) => sum + r.errors, 0),
  });
  return { static: mean(runs.static), jwt: mean(runs.jwt) };
}

const db = tempDb();
// The sender also signs in with the provider's JWTs (oid = its systemuserid), so both kinds of token
// poll the same center.
const SENDER_ID = '5e4de400-0000-4000-8000-000000000001';
const sender = addUser(db, 'Sender', { canSend: true, id: SENDER_ID, issuer: ISSUER });
const signingKey = await makeKey('RS256');
const jwksFile = path.join(work, 'jwks.json');
writeJwks(jwksFile, [signingKey]);
const jwt = await mint(signingKey, { oid: SENDER_ID, name: 'Sender', exp: Math.floor(Date.now() / 1000) + 86400 });
const server = await startServer(db, ['--threads', '2', ...NO_CALLER_LIMITS, ...jwtFlags(jwksFile)], {
  logFile: path.join(work, 'requests.log'),
});
const pid = Number(execFileSync('pgrep', ['-n', 'appnotifyd'], { encoding: 'utf8' }).trim());
const auth = { Authorization: `Bearer ${sender.token}`, 'Content-Type': 'application/json' };
const jwtAuth = { Authorization: `Bearer ${jwt}` };

const figures = { machine: { cores: os.cpus().length }, rawSqlite: rawSqlite() };
// The verifier's cost for a token it has not seen (then its verdict is cached), per algorithm.
figures.jwtVerify = JSON.parse(
  execFileSync(path.join(root, 'build/native/tests/bench/appnotify_jwt_bench'), [String(SECONDS / 4)], {
    encoding: 'utf8',
  }),
);
figures.creates = await wrk(`${server.api}/appnotifications`, auth, {
  method: 'POST',
  body: JSON.stringify({ title: 'Load', body: 'A notification of realistic size with some words.', owner: sender.id }),
});
function pollUrl(api) {
  return `${api}/appnotifications?$top=50&$select=title,createdon,priority`;
}
// Repeated polls of an unchanged center (what every open page does between notifications) are answered
// from the page cache; the same polls with the cache off show what each costs in SQLite.
const cached = await pollsBothWays(server.api, auth, jwtAuth);
figures.polls = cached.static;
figures.pollsJwt = cached.jwt;
const uncached = await startServer(
  db,
  ['--threads', '2', '--page-cache-mb', '0', ...NO_CALLER_LIMITS, ...jwtFlags(jwksFile)],
  {
    logFile: path.join(work, 'requests-uncached.log'),
  },
);
const fromSqlite = await pollsBothWays(uncached.api, auth, jwtAuth);
figures.pollsUncached = fromSqlite.static;
figures.pollsUncachedJwt = fromSqlite.jwt;
await uncached.stop();

// Push: STREAMS connections over 100 users; each send goes to one user and is timed to its first stream.
const users = Array.from({ length: 100 }, (_, i) => addUser(db, `Reader ${i}`));
const { sockets, arrivals } = await openStreams(users, Math.ceil(STREAMS / users.length), () => server);
figures.push = { streams: sockets.length, residentMb: Math.round(residentMb(pid)) };
const delays = [];
const sinceRequest = [];
for (let i = 0; i < 200; i += 1) {
  const user = users[i % users.length];
  const arrived = new Promise((resolve) => {
    if (!arrivals.has(user.id)) arrivals.set(user.id, []);
    arrivals.get(user.id).push(resolve);
  });
  const requested = process.hrtime.bigint();
  const response = await fetch(`${server.api}/appnotifications`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ title: `push ${i}`, owner: user.id }),
  });
  const answered = process.hrtime.bigint();
  await response.arrayBuffer();
  const at = await Promise.race([arrived, new Promise((resolve) => setTimeout(() => resolve(null), 5000))]);
  // The event often arrives before the answer does (it is published first): that delay counts as 0.
  delays.push(at === null ? 5000 : Math.max(0, Number(at - answered) / 1e6));
  sinceRequest.push(at === null ? 5000 : Number(at - requested) / 1e6);
}
sinceRequest.sort((a, b) => a - b);
delays.sort((a, b) => a - b);
figures.push.deliveryP50Ms = delays[Math.floor(delays.length * 0.5)];
figures.push.deliveryP99Ms = delays[Math.floor(delays.length * 0.99)];
figures.push.sinceRequestP50Ms = sinceRequest[Math.floor(sinceRequest.length * 0.5)];
figures.push.sinceRequestP99Ms = sinceRequest[Math.floor(sinceRequest.length * 0.99)];
figures.push.residentMbAfterSends = Math.round(residentMb(pid));
for (const socket of sockets) socket.destroy();
await server.stop();

figures.targets = {
  createsPerSecond: 5000,
  pollsPerSecond: 20000,
  streams: 10000,
  residentMb: 300,
  deliveryP99Ms: 100,
};
mkdirSync(path.join(root, 'build/bench'), { recursive: true });
writeFileSync(path.join(root, 'build/bench/server.json'), JSON.stringify(figures, null, 2));
console.log(JSON.stringify(figures, null, 2));
