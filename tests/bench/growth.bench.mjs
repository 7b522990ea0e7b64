// Poll latency as the store grows, on SQLite: the same poll (a page of 50 of one user's 100, page
// cache off so that every poll reads SQLite) against a file of 10,000 notifications in all and one
// of 2,000,000 (1,000 other users' records written straight into the file), taking turns.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { addUser, startServer, tempDb } from '../server/harness.mjs';
import { wrk } from './wrk.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SECONDS = Number(process.env.APPNOTIFY_BENCH_SECONDS || 4);
const SIZES = [10000, Number(process.env.APPNOTIFY_BENCH_GROWTH || 2000000)];
const ROUNDS = 2;
const T0 = Date.now();

// A file with `size` notifications: the user's 100 (through the API) and others' written into it.
async function storeOf(size) {
  const db = tempDb();
  const user = addUser(db, 'Alice');
  execFileSync('sqlite3', [
    db,
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${size - 100})
     INSERT INTO notifications (id, owner, title, body, icontype, toasttype, priority, ttlinseconds, created_ms,
       modified_ms, expires_ms, createdby, version)
     SELECT printf('%08x-0000-4000-8000-%012x', i, i), printf('00000000-0000-4000-8000-%012x', i % 1000),
       'Stored', 'A notification of realistic size with some words.', 100000000, 200000000, 200000000, 86400,
       ${T0} - i, ${T0} - i, ${T0} + 86400000, 'sender', i FROM n`,
  ]);
  const server = await startServer(db, ['--page-cache-mb', '0']);
  const auth = { Authorization: `Bearer ${user.token}`, 'Content-Type': 'application/json' };
  for (let i = 0; i < 100; i += 1) {
    await fetch(`${server.api}/appnotifications`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ title: `Alice ${i}`, owner: user.id }),
    });
  }
  return { size, server, auth, runs: [] };
}

const stores = [];
for (const size of SIZES) stores.push(await storeOf(size));
for (let round = 0; round < ROUNDS; round += 1) {
  for (const store of stores) {
    const url = `${store.server.api}/appnotifications?$top=50&$select=title,createdon,priority`;
    store.runs.push(await wrk(url, store.auth, { seconds: SECONDS, connections: 32 }));
  }
}
const mean = (list, key) => list.reduce((sum, run) => sum + run[key], 0) / list.length;
const figures = {
  sizes: stores.map(({ size, runs }) => ({
    stored: size,
    perSecond: Math.round(mean(runs, 'perSecond')),
    p99Ms: Number(mean(runs, 'p99Ms').toFixed(2)),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
  })),
};
for (const store of stores) await store.server.stop();
const [small, large] = figures.sizes;
figures.p99Growth = large.p99Ms / small.p99Ms;
figures.target = 1.3;
mkdirSync(path.join(root, 'build/bench'), { recursive: true });
writeFileSync(path.join(root, 'build/bench/growth.json'), JSON.stringify(figures, null, 2));
console.log(JSON.stringify(figures, null, 2));
