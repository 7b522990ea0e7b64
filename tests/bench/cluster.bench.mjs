// appnotifyd on PostgreSQL, two instances behind HAProxy (scripts/balancer), beside one instance on
// SQLite, all on this machine, in one run:
//   - acknowledged creates/s and polls/s: SQLite (one instance), PostgreSQL (one instance, and two
//     through the balancer), taking turns; for PostgreSQL also the group commits/s they took (from
//     the transaction ids spent: one per commit, and one per create for its savepoint);
//   - cross-instance delivery: a POST answered by instance A to the event on a stream held by B,
//     idle and while other creates load the balancer;
//   - 10,000 streams over the two instances (each user's on one of them), their memory, and the
//     delivery to them from the other instance;
//   - what the database allows the event commits (pgbench): commits/s of the event insert alone,
//     with pg_notify, and with the advisory lock that hands out event ids in commit order too.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { NO_CALLER_LIMITS, sql, startBalancer, startServer } from '../server/harness.mjs';
import { benchStore } from './stores.mjs';
import { openStreams } from './streams.mjs';
import { wrk } from './wrk.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SECONDS = Number(process.env.APPNOTIFY_BENCH_SECONDS || 4);
const STREAMS = Number(process.env.APPNOTIFY_BENCH_STREAMS || 10000);
const ROUNDS = 2;
const SENDS = 200;
const work = mkdtempSync(path.join(os.tmpdir(), 'appnotify-cluster-bench-'));
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
const round2 = (n) => Number(n.toFixed(2));

const authOf = (user) => ({ Authorization: `Bearer ${user.token}`, 'Content-Type': 'application/json' });
const pollUrl = (api) => `${api}/appnotifications?$top=50&$select=title,createdon,priority`;
const createBody = (owner) =>
  JSON.stringify({ title: 'Load', body: 'A notification of realistic size with some words.', owner });

// A database with a sender and a reader (fillCenter gives the reader 100 notifications).
function prepared(store) {
  const db = store.newDb();
  const sender = store.addUser(db, 'Sender', { canSend: true });
  const reader = store.addUser(db, 'Reader');
  return { db, sender, reader };
}

async function fillCenter(api, user) {
  for (let i = 0; i < 100; i += 1) {
    await fetch(`${api}/appnotifications`, { method: 'POST', headers: authOf(user), body: createBody(user.id) });
  }
}

function residentMb(pid) {
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024);
}

const transactionId = (db) => BigInt(sql(db, 'SELECT pg_current_xact_id()'));
const storedFor = (db, user) => Number(sql(db, `SELECT count(*) FROM notifications WHERE owner = '${user.id}'`));

/**
 * SENDS creates on `sendTo` (fewer if `deadline` comes first), one after another, each for the next of
 * `users`: from each answer to its event on the user's stream (listening through `arrivals`), in ms:
 * {sends, p50Ms, p99Ms, maxMs}; a lost event counts 5 s.
 */
async function deliveries(sendTo, sender, users, arrivals, deadline = Infinity) {
  const delays = [];
  for (let i = 0; i < SENDS && Date.now() < deadline; i += 1) {
    const user = users[i % users.length];
    const arrived = new Promise((resolve) => {
      if (!arrivals.has(user.id)) arrivals.set(user.id, []);
      arrivals.get(user.id).push(resolve);
    });
    const response = await fetch(`${sendTo.api}/appnotifications`, {
      method: 'POST',
      headers: authOf(sender),
      body: JSON.stringify({ title: `push ${i}`, owner: user.id }),
    });
    const answered = process.hrtime.bigint();
    await response.arrayBuffer();
    const at = await Promise.race([arrived, new Promise((resolve) => setTimeout(() => resolve(null), 5000))]);
    // Another instance's event cannot come before the answer; if it does, the delay is 0.
    delays.push(at === null ? 5000 : Math.max(0, Number(at - answered) / 1e6));
  }
  delays.sort((a, b) => a - b);
  return {
    sends: delays.length,
    p50Ms: round2(percentile(delays, 0.5)),
    p99Ms: round2(percentile(delays, 0.99)),
    maxMs: round2(delays.at(-1)),
  };
}

// pgbench on `db`: commits/s of `script` with `clients` connections for SECONDS.
function pgbench(db, name, script, clients) {
  const file = path.join(work, `${name}.sql`);
  writeFileSync(file, script);
  const out = execFileSync(
    '/usr/lib/postgresql/15/bin/pgbench',
    ['-n', '-f', file, '-c', String(clients), '-j', String(Math.min(clients, 2)), '-T', String(SECONDS), db],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  return Math.round(Number(/tps = ([\d.]+)/.exec(out)[1]));
}

const figures = { seconds: SECONDS, rounds: ROUNDS };

// One instance on SQLite.
const sqlite = benchStore('SQLite');
const lite = prepared(sqlite);
const liteServer = await startServer(lite.db, NO_CALLER_LIMITS, { logFile: path.join(work, 'sqlite.log') });
const liteUncached = await startServer(lite.db, ['--page-cache-mb', '0', ...NO_CALLER_LIMITS], {
  logFile: path.join(work, 'sqlite-uncached.log'),
});
await fillCenter(liteServer.api, lite.reader);

// PostgreSQL: instances A and B, the balancer in front of them.
const postgres = benchStore('PostgreSQL');
const pg = prepared(postgres);
const [a, b] = [
  await startServer(pg.db, NO_CALLER_LIMITS, { logFile: path.join(work, 'a.log') }),
  await startServer(pg.db, NO_CALLER_LIMITS, { logFile: path.join(work, 'b.log') }),
];
const balancer = await startBalancer([a, b]);
await fillCenter(a.api, pg.reader);

const runs = { creates: {}, polls: {} };
const keep = (kind, name, run) => (runs[kind][name] ??= []).push(run);
const creates = (server, user) =>
  wrk(`${server.api}/appnotifications`, authOf(user), { method: 'POST', body: createBody(user.id), seconds: SECONDS });
for (let round = 0; round < ROUNDS; round += 1) {
  keep('creates', 'sqlite', await creates(liteServer, lite.sender));
  for (const [name, server] of [
    ['postgresOne', a],
    ['postgresBalanced', balancer],
  ]) {
    const before = [transactionId(pg.db), storedFor(pg.db, pg.sender)];
    const run = await creates(server, pg.sender);
    // Each commit that writes takes one transaction id, and each create in it one more for its
    // savepoint; the second count of the ids takes one itself.
    const rows = storedFor(pg.db, pg.sender) - before[1];
    run.commitsPerSecond = Math.round(Number(transactionId(pg.db) - before[0] - 1n - BigInt(rows)) / SECONDS);
    run.storedPerSecond = Math.round(rows / SECONDS);
    keep('creates', name, run);
  }
  for (const [name, server, reader] of [
    ['sqlite', liteServer, lite.reader],
    ['sqliteUncached', liteUncached, lite.reader],
    ['postgresOne', a, pg.reader],
    ['postgresBalanced', balancer, pg.reader],
  ]) {
    keep('polls', name, await wrk(pollUrl(server.api), authOf(reader), { seconds: SECONDS }));
  }
}
const meanOf = (list, key) => Math.round(list.reduce((sum, run) => sum + run[key], 0) / list.length);
for (const kind of ['creates', 'polls']) {
  figures[kind] = {};
  for (const [name, list] of Object.entries(runs[kind])) {
    figures[kind][name] = {
      perSecond: meanOf(list, 'perSecond'),
      p99Ms: Math.max(...list.map((run) => run.p99Ms)),
      errors: list.reduce((sum, run) => sum + run.errors, 0),
    };
    if (list[0].commitsPerSecond !== undefined) {
      figures[kind][name].commitsPerSecond = meanOf(list, 'commitsPerSecond');
      figures[kind][name].storedPerSecond = meanOf(list, 'storedPerSecond');
    }
  }
}
await liteServer.stop();
await liteUncached.stop();
sqlite.stop();

// Cross-instance delivery: the reader's stream on B, creates answered by A; idle, then while 16
// clients create as fast as they can through the balancer.
{
  const { sockets, arrivals } = await openStreams([pg.reader], 1, () => b);
  figures.crossInstance = { idle: await deliveries(a, pg.sender, [pg.reader], arrivals) };
  const loadSeconds = 3 * SECONDS;
  const loaded = Date.now();
  const load = wrk(`${balancer.api}/appnotifications`, authOf(pg.sender), {
    method: 'POST',
    body: createBody(pg.sender.id),
    seconds: loadSeconds,
    connections: 16,
  });
  await new Promise((resolve) => setTimeout(resolve, 500)); // the load under way
  const deadline = loaded + loadSeconds * 1000 - 500;
  figures.crossInstance.underLoad = await deliveries(a, pg.sender, [pg.reader], arrivals, deadline);
  figures.crossInstance.load = await load;
  for (const socket of sockets) socket.destroy();
}

// STREAMS streams for 100 users, each user's 100 on one instance (even users on A, odd on B); each
// send goes through the other instance.
{
  const users = Array.from({ length: 100 }, (_, i) => postgres.addUser(pg.db, `Streamer ${i}`));
  const home = (user) => (users.indexOf(user) % 2 === 0 ? a : b);
  const { sockets, arrivals } = await openStreams(users, Math.ceil(STREAMS / users.length), home);
  const [onA, onB] = [users.filter((user) => home(user) === a), users.filter((user) => home(user) === b)];
  const toB = await deliveries(a, pg.sender, onB, arrivals);
  const toA = await deliveries(b, pg.sender, onA, arrivals);
  figures.streams = {
    streams: sockets.length,
    residentMb: { a: residentMb(a.pid), b: residentMb(b.pid) },
    crossInstance: { aToB: toB, bToA: toA },
  };
  for (const socket of sockets) socket.destroy();
}

// What the database allows the commits that carry events: one event row per commit, as a group
// commit of one create; with its pg_notify; with the lock that keeps event ids in commit order.
{
  const insert = "INSERT INTO events (owner, kind, notification_id, created_ms) VALUES ('pgbench', 'created', 'x', 0);";
  const scripts = {
    insert: `BEGIN;\n${insert}\nCOMMIT;\n`,
    notify: `BEGIN;\n${insert}\nSELECT pg_notify('appnotify_events', '0');\nCOMMIT;\n`,
    lockAndNotify: `BEGIN;\nSELECT pg_advisory_xact_lock(7261747);\n${insert}\nSELECT pg_notify('appnotify_events', '0');\nCOMMIT;\n`,
  };
  figures.eventCommits = {};
  for (const clients of [1, 2, 8]) {
    for (const [name, script] of Object.entries(scripts)) {
      (figures.eventCommits[name] ??= {})[clients] = pgbench(pg.db, name, script, clients);
    }
  }
}

await balancer.stop();
await a.stop();
await b.stop();
postgres.stop();

mkdirSync(path.join(root, 'build/bench'), { recursive: true });
writeFileSync(path.join(root, 'build/bench/cluster.json'), JSON.stringify(figures, null, 2));
console.log(JSON.stringify(figures, null, 2));
