// Poll latency as the store grows, on each store: the same poll (a page of 50 of one user's 100,
// page cache off so that every poll reads the database) against a database of 10,000 notifications
// in all and one of 2,000,000 (1,000 other users' records written straight into it), taking turns.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { NO_CALLER_LIMITS, startServer } from '../server/harness.mjs';
import { onEachStore } from './stores.mjs';
import { wrk } from './wrk.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SECONDS = Number(process.env.APPNOTIFY_BENCH_SECONDS || 4);
const SIZES = [10000, Number(process.env.APPNOTIFY_BENCH_GROWTH || 2000000)];
const ROUNDS = 2;
const T0 = Date.now();

// A database with `size` notifications: the user's 100 (through the API) and others' written into it.
async function databaseOf(store, size) {
  const db = store.newDb();
  const user = store.addUser(db, 'Alice');
  store.fill(db, size - 100, {
    title: "'Stored'",
    body: "'A notification of realistic size with some words.'",
    icontype: '100000000',
    toasttype: '200000000',
    priority: '200000000',
    ttlinseconds: '86400',
    created_ms: `${T0} - i`,
    modified_ms: `${T0} - i`,
    expires_ms: `${T0 + 86400000}`,
    createdby: "'sender'",
    version: 'i',
  });
  const server = await startServer(db, ['--page-cache-mb', '0', ...NO_CALLER_LIMITS]);
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

async function growth(store) {
  const databases = [];
  for (const size of SIZES) databases.push(await databaseOf(store, size));
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const database of databases) {
      const url = `${database.server.api}/appnotifications?$top=50&$select=title,createdon,priority`;
      database.runs.push(await wrk(url, database.auth, { seconds: SECONDS, connections: 32 }));
    }
  }
  for (const database of databases) await database.server.stop();
  const mean = (list, key) => list.reduce((sum, run) => sum + run[key], 0) / list.length;
  const sizes = databases.map(({ size, runs }) => ({
    stored: size,
    perSecond: Math.round(mean(runs, 'perSecond')),
    p99Ms: Number(mean(runs, 'p99Ms').toFixed(2)),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
  }));
  return { sizes, p99Growth: sizes[1].p99Ms / sizes[0].p99Ms };
}

const figures = { stores: await onEachStore(growth), target: 1.3 };
mkdirSync(path.join(root, 'build/bench'), { recursive: true });
writeFileSync(path.join(root, 'build/bench/growth.json'), JSON.stringify(figures, null, 2));
console.log(JSON.stringify(figures, null, 2));
