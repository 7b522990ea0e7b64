// An expiry storm on each store: 1,000,000 notifications of one broadcast (1,000 users x 1,000)
// expiring in the same second, beside a user who polls and creates. The API's p99 and slowest request
// while the sweep runs, against the same load just before it (wrk, polls with the page cache off so
// that every poll reads the database, and creates, at the same time).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { NO_CALLER_LIMITS, startServer } from '../server/harness.mjs';
import { onEachStore } from './stores.mjs';
import { wrk } from './wrk.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SECONDS = Number(process.env.APPNOTIFY_BENCH_SECONDS || 4);
const STORM = Number(process.env.APPNOTIFY_BENCH_STORM || 1000000);
const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);

async function storm(store) {
  const db = store.newDb();
  const alice = store.addUser(db, 'Alice');
  const insertStart = process.hrtime.bigint();
  store.fill(db, STORM, {
    title: "'Broadcast'",
    body: 'NULL',
    icontype: '100000000',
    toasttype: '200000000',
    priority: '200000000',
    ttlinseconds: '60',
    created_ms: `${T0}`,
    modified_ms: `${T0}`,
    expires_ms: `${T0 + 60000}`,
    createdby: "'sender'",
    version: 'i',
  });
  const insertSeconds = Number(process.hrtime.bigint() - insertStart) / 1e9;
  const logFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'appnotify-expiry-')), 'requests.log');
  const server = await startServer(db, ['--sweep-interval', '1', '--page-cache-mb', '0', ...NO_CALLER_LIMITS], {
    logFile,
  });
  await server.setTime(T0);
  const auth = { Authorization: `Bearer ${alice.token}`, 'Content-Type': 'application/json' };
  const poll = `${server.api}/appnotifications?$top=50&$select=title,createdon,priority`;
  const create = JSON.stringify({ title: 'During the storm', owner: alice.id });
  // Alice's own center: 50 live notifications.
  for (let i = 0; i < 50; i += 1) {
    await fetch(`${server.api}/appnotifications`, { method: 'POST', headers: auth, body: create });
  }

  // Polls and creates at the same time, for SECONDS or, given `until`, until it resolves.
  const load = (until) =>
    Promise.all([
      wrk(poll, auth, { seconds: until ? 3600 : SECONDS, connections: 32, until }),
      wrk(`${server.api}/appnotifications`, auth, {
        method: 'POST',
        body: create,
        seconds: until ? 3600 : SECONDS,
        connections: 32,
        until,
      }),
    ]).then(([polls, creates]) => ({ polls, creates }));

  const before = await load();
  await server.setTime(T0 + 61000); // the broadcast expires; the next sweep (within 1 s) deletes it
  const sweepStarted = Date.now();
  // The server logs one line when the sweep is done (the log is flushed every second).
  const swept = () =>
    readFileSync(logFile, 'utf8')
      .split('\n')
      .find((line) => line.includes('"swept"'));
  const sweepDone = (async () => {
    while (!swept()) {
      if (Date.now() - sweepStarted > 900000) throw new Error(`${store.name}: the sweep did not end within 15 minutes`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  // The same load from the expiry to the end of the sweep: every request of that time counts.
  const during = await load(sweepDone);
  during.seconds = Number(((Date.now() - sweepStarted) / 1000).toFixed(1));
  const sweep = JSON.parse(swept());
  await server.stop();

  return {
    storm: STORM,
    insertSeconds: Number(insertSeconds.toFixed(1)),
    before,
    during,
    sweep,
  };
}

const figures = { stores: await onEachStore(storm), targets: { p99Ratio: 3, maxMs: 1000 } };
mkdirSync(path.join(root, 'build/bench'), { recursive: true });
writeFileSync(path.join(root, 'build/bench/expiry.json'), JSON.stringify(figures, null, 2));
console.log(JSON.stringify(figures, null, 2));
