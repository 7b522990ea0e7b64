// A read that fails on a connection still up (here: the table it reads is renamed away; in life a
// timeout or a disk error) answers 503 with Retry-After, never an empty answer as if nothing were
// stored, and the same requests answer as before once the table is back. SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { addUser, call, startServer, tempDb, withTableAway } from './harness.mjs';

describe('reads that fail', () => {
  let db, server, alice, id;
  before(async () => {
    db = tempDb();
    alice = addUser(db, 'Alice', { canSend: true });
    server = await startServer(db);
    const created = await call(server, alice, 'POST', 'appnotifications', {
      body: { title: 'kept', owner: alice.id },
      headers: { Prefer: 'return=representation' },
    });
    assert.equal(created.status, 201, created.text);
    id = created.json.appnotificationid;
  });
  after(() => server.stop());

  const assertUnavailable = (response) => {
    assert.equal(response.status, 503, response.text);
    assert.equal(response.headers.get('retry-after'), '1');
    assert.equal(response.json.error.appnotify.code, 'storage_unavailable');
  };

  test('the list, its count and one record answer 503 while the records cannot be read, then as before', async () => {
    const reads = () =>
      Promise.all([
        call(server, alice, 'GET', 'appnotifications?$select=title'),
        call(server, alice, 'GET', 'appnotifications/$count'),
        call(server, alice, 'GET', `appnotifications(${id})`),
      ]);
    for (const response of await withTableAway(db, 'notifications', reads)) assertUnavailable(response);
    const [list, count, one] = await reads();
    assert.deepEqual(
      list.json.value.map((n) => n.title),
      ['kept'],
    );
    assert.equal(count.text, '1');
    assert.equal(one.json.title, 'kept');
  });

  test('a token answers 503 while the users cannot be read, not 401, then as before', async () => {
    const bob = addUser(db, 'Bob'); // a token the server has not seen yet: nothing cached
    const read = () => call(server, bob, 'GET', 'appnotifications');
    assertUnavailable(await withTableAway(db, 'users', read));
    assert.equal((await read()).status, 200);
  });
});
