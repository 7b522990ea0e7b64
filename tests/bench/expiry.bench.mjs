// An expiry storm on SQLite: 1,000,000 notifications of one broadcast (1,000 users x 1,000) expiring
// in the same second, beside a user who polls and creates. The API's p99 and slowest request while
// the sweep runs, against the same load just before it (wrk, polls with the page cache off so that
// every poll reads SQLite, and creates, at the same time).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { addUser, startServer, tempDb } from '../server/harness.mjs';
import { wrk } from './wrk.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SECONDS = Number(process.env.APPNOTIFY_BENCH_SECONDS || 4);
const STORM = Number(process.env.APPNOTIFY_BENCH_STORM || 1000000);
const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);

const db = tempDb();
const alice = addUser(db, 'Alice');
const insertStart = process.hrtime.bigint();
execFileSync('sqlite3', [
  db,
  `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${STORM})
   INSERT INTO notifications (id, owner, title, icontype, toasttype, priority, ttlinseconds, created_ms,
     modified_ms, expires_ms, createdby, version)
   SELECT printf('%08x-0000-4000-8000-%012x', i, i), printf('00000000-0000-4000-8000-%012x', i % 1000),
     'Broadcast', 100000000, 200000000, 200000000, 60, ${T0}, ${T0}, ${T0 + 60000}, 'sender', i FROM n`,
]);
const insertSeconds = Number(process.hrtime.bigint() - insertStart) / 1e9;
const logFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'appnotify-expiry-')), 'requests.log');
const server = await startServer(db, ['--sweep-interval', '1', '--page-cache-mb', '0'], { logFile });
await server.setTime(T0);
const auth = { Authorization: `Bearer ${alice.token}`, 'Content-Type': 'application/json' };
const poll = `${server.api}/appnotifications?$top=50&$select=title,createdon,priority`;
const create = JSON.stringify({ title: 'During the storm', owner: alice.id });
// Alice's own center: 50 live notifications.
for (let i = 0; i < 50; i += 1) {
  await fetch(`${server.api}/appnotifications`, { method: 'POST', headers: auth, body: create });
}

const load = () =>
  Promise.all([
    wrk(poll, auth, { seconds: SECONDS, connections: 32 }),
    wrk(`${server.api}/appnotifications`, auth, { method: 'POST', body: create, seconds: SECONDS, connections: 32 }),
  ]).then(([polls, creates]) => ({ polls, creates }));

const before = await load();
await server.setTime(T0 + 61000); // the broadcast expires; the next sweep (within 1 s) deletes it
const sweepStarted = Date.now();
const during = await load();
// The server logs one line when the sweep is done (the log is flushed every second).
const swept = () =>
  readFileSync(logFile, 'utf8')
    .split('\n')
    .find((line) => line.includes('"swept"'));
while (!swept() && Date.now() - sweepStarted < 300000) await new Promise((resolve) => setTimeout(resolve, 100));
const sweep = JSON.parse(swept());
await server.stop();

const figures = {
  storm: STORM,
  insertSeconds: Number(insertSeconds.toFixed(1)),
  before,
  during,
  sweep,
  sweepOutlastedLoad: sweep.ms > SECONDS * 1000,
  targets: { p99Ratio: 3, maxMs: 1000 },
};
mkdirSync(path.join(root, 'build/bench'), { recursive: true });
writeFileSync(path.join(root, 'build/bench/expiry.json'), JSON.stringify(figures, null, 2));
console.log(JSON.stringify(figures, null, 2));
