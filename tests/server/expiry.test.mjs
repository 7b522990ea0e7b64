// An expiry storm: 50,000 notifications of one broadcast expiring in the same millisecond. They
// are invisible from that millisecond on, the sweep deletes them in bounded transactions (at most
// 200 rows each) while requests go on between them, and nothing live is touched.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { addUser, call, eventually, onPostgres, sql, startServer, tempDb } from './harness.mjs';

const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);
const STORM = 50000;

describe(`an expiry storm on ${onPostgres ? 'PostgreSQL' : 'SQLite'}`, () => {
  let db, server, alice;
  before(async () => {
    db = tempDb();
    alice = addUser(db, 'Alice'); // creates the schema
    // The broadcast, written straight into the file: every record expires at T0 + 1 s.
    const columns = `(id, owner, title, icontype, toasttype, priority, ttlinseconds, created_ms, modified_ms,
      expires_ms, createdby, version)`;
    const values = `'${alice.id}', 'Broadcast', 100000000, 200000000, 200000000, 1, ${T0}, ${T0}, ${T0 + 1000},
      '${alice.id}'`;
    sql(
      db,
      onPostgres
        ? `INSERT INTO notifications ${columns} SELECT lpad(to_hex(i), 8, '0') || '-0000-4000-8000-' ||
             lpad(to_hex(i), 12, '0'), ${values}, i FROM generate_series(1, ${STORM}) AS i`
        : `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${STORM})
           INSERT INTO notifications ${columns} SELECT printf('%08x-0000-4000-8000-%012x', i, i), ${values}, i FROM n`,
    );
    server = await startServer(db, ['--sweep-interval', '1']);
    await server.setTime(T0);
  });
  after(() => server.stop());

  test('expired from the first millisecond, swept in bounded transactions, requests answered meanwhile', async (t) => {
    const count = async () => Number((await call(server, alice, 'GET', 'appnotifications/$count')).text);
    assert.equal(await count(), STORM);
    const live = await call(server, alice, 'POST', 'appnotifications', { body: { title: 'Live', owner: alice.id } });
    assert.equal(live.status, 204);
    await server.setTime(T0 + 999);
    assert.equal(await count(), STORM + 1, 'one millisecond before');
    await server.setTime(T0 + 1000);
    assert.equal(await count(), 1, 'the millisecond they expire');
    // Creates during the sweep are acknowledged (and survive it).
    const creates = [];
    for (let i = 0; i < 40; i += 1) {
      creates.push(
        call(server, alice, 'POST', 'appnotifications', { body: { title: `During ${i}`, owner: alice.id } }),
      );
    }
    assert.deepEqual([...new Set((await Promise.all(creates)).map((r) => r.status))], [204]);
    await eventually(() => server.logs.join('').includes('"swept"'), 30000);
    const line = JSON.parse(
      server.logs
        .join('')
        .split('\n')
        .find((text) => text.includes('"swept"')),
    );
    t.diagnostic(`sweep: ${JSON.stringify(line)}`);
    assert.equal(line.swept, STORM);
    assert.ok(line.transactions >= STORM / 200, `${line.transactions} transactions`);
    assert.equal(Number(sql(db, 'SELECT COUNT(*) FROM notifications')), 41, 'only the live ones are left');
    assert.equal(await count(), 41);
  });
});
