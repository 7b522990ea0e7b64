// Bounded work: nothing one caller sends may hold a request thread for long. A search's text has a
// length cap (a LIKE '%...%' costs its length times the text searched), every SQL statement has a
// deadline (--statement-timeout), and a filter the database would refuse (a number beyond the
// column's range, text that is not UTF-8) is refused before it reaches it, as a client mistake.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { BIG_DATA, addUser, call, createMany, onPostgres, sql, startServer, tempDb } from './harness.mjs';

const search = (text) => `appnotifications?$select=title&$filter=${encodeURIComponent(`contains(data,'${text}')`)}`;

describe('bounded searches and filters', () => {
  let server, db, user, other;
  before(async () => {
    db = tempDb();
    user = addUser(db, 'Searcher');
    other = addUser(db, 'Bystander');
    server = await startServer(db);
    await createMany(server, user, 300, { data: BIG_DATA });
  });
  after(() => server.stop());

  test('a search longer than 200 characters is refused at once, naming the function and the cap', async () => {
    const long = `${'a'.repeat(2500)}b`;
    const answers = await Promise.all([
      call(server, user, 'GET', search(long)),
      call(server, user, 'GET', search(long)),
    ]);
    for (const answer of answers) {
      assert.equal(answer.status, 400, answer.text);
      assert.match(answer.json.error.message, /contains searches for at most 200 characters, not 2501/);
    }
    assert.equal((await call(server, other, 'GET', 'WhoAmI')).status, 200);
  });

  test('200 characters are still searched', async () => {
    const answer = await call(server, user, 'GET', search(`${'a'.repeat(199)}b`));
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.json.value.length, 0);
    assert.equal((await call(server, user, 'GET', search('a'.repeat(200)))).json.value.length, 300);
  });

  test('a whole number beyond Edm.Int32 is a client mistake, on both databases', async () => {
    for (const number of ['2147483648', '-2147483649', '99999999999']) {
      const answer = await call(server, user, 'GET', `appnotifications?$filter=priority eq ${number}`);
      assert.equal(answer.status, 400, answer.text);
      assert.match(answer.json.error.message, /priority is a whole number from -2147483648 to 2147483647/);
    }
    assert.equal((await call(server, user, 'GET', 'appnotifications?$filter=priority eq 2147483647')).status, 200);
  });

  test('text that is not UTF-8 is a client mistake, on both databases', async () => {
    const answer = await call(server, user, 'GET', "appnotifications?$filter=title eq '%FF%FE'");
    assert.equal(answer.status, 400, answer.text);
    assert.match(answer.json.error.message, /not valid UTF-8/);
  });

  test('bad filters cost no database connection of their own (PostgreSQL)', { skip: !onPostgres }, async () => {
    const connections = () =>
      Number(
        sql(db, 'SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()'),
      );
    const before = connections();
    for (let i = 0; i < 20; i += 1) {
      await call(server, user, 'GET', `appnotifications?$filter=priority eq 3000000000`);
      await call(server, user, 'GET', "appnotifications?$filter=title eq '%FF'");
    }
    assert.ok(connections() <= before + 1, `${before} connections before, ${connections()} after`);
  });
});

describe('the statement deadline', () => {
  let server, db, user, other;
  before(async () => {
    db = tempDb();
    user = addUser(db, 'Slow');
    other = addUser(db, 'Quick');
    const filler = await startServer(db);
    await createMany(filler, user, 300, { data: BIG_DATA });
    await filler.stop();
    // 50 ms: the search below takes hundreds, the server's own reads far less.
    server = await startServer(db, ['--statement-timeout', '50']);
  });
  after(() => server.stop());

  test('a read past its deadline answers 503 store.timeout with Retry-After, and the server goes on', async () => {
    for (let i = 0; i < 5; i += 1) {
      const answer = await call(server, user, 'GET', search(`${'a'.repeat(199)}b`));
      assert.equal(answer.status, 503, answer.text);
      assert.equal(answer.json.error.appnotify.code, 'store.timeout');
      assert.equal(answer.headers.get('retry-after'), '1');
    }
    assert.equal((await call(server, other, 'GET', 'WhoAmI')).status, 200);
  });

  test('timed-out reads give their connection back (PostgreSQL)', { skip: !onPostgres }, async () => {
    const connections = () =>
      Number(
        sql(db, 'SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()'),
      );
    await call(server, user, 'GET', search(`${'a'.repeat(199)}b`));
    const before = connections();
    for (let i = 0; i < 10; i += 1) await call(server, user, 'GET', search(`${'a'.repeat(199)}b`));
    assert.ok(connections() <= before + 1, `${before} connections before, ${connections()} after`);
  });
});
