// The administrators' commands (user list, disable, enable, token, grant-send, revoke-send) on a
// database that running servers share, and the strict command line: an unknown flag, a flag
// without its value, a value out of range all exit 2 with a message that names the flag.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import {
  addUser,
  call,
  cli,
  eventually,
  onPostgres,
  openRawStream,
  sql,
  startServer,
  tempDb,
  within,
} from './harness.mjs';

describe('user administration', () => {
  let db, first, second, alice, bob;
  before(async () => {
    db = tempDb();
    alice = addUser(db, 'Alice');
    bob = addUser(db, 'Bob');
    // Two instances on one database file: changes made by the command reach both.
    first = await startServer(db);
    second = await startServer(db);
  });
  after(async () => {
    await first.stop();
    await second.stop();
  });

  const status = async (server, user, path = 'WhoAmI') => (await call(server, user, 'GET', path)).status;

  test('user list prints one JSON line per user', () => {
    const listed = cli('user', 'list', '--db', db);
    assert.equal(listed.status, 0);
    assert.deepEqual(
      listed.lines.map(({ systemuserid, name, canSend, disabled, staticToken, issuer }) => ({
        systemuserid,
        name,
        canSend,
        disabled,
        staticToken,
        issuer,
      })),
      [
        { systemuserid: alice.id, name: 'Alice', canSend: false, disabled: false, staticToken: true, issuer: null },
        { systemuserid: bob.id, name: 'Bob', canSend: false, disabled: false, staticToken: true, issuer: null },
      ],
    );
    assert.match(listed.lines[0].createdon, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  test('disable: 401 on every instance and open streams close within a second; enable undoes it', async (t) => {
    assert.equal(await status(first, alice), 200);
    assert.equal(await status(second, alice), 200);
    const streams = [await openRawStream(first, alice.token), await openRawStream(second, alice.token)];
    const bobs = await openRawStream(second, bob.token);
    const start = Date.now();
    assert.equal(cli('user', 'disable', '--db', db, '--id', alice.id).status, 0);
    await within(Promise.all(streams.map((s) => s.closed)), 5000, 'both streams close');
    const closedAfter = Date.now() - start;
    t.diagnostic(`streams closed ${closedAfter} ms after user disable returned`);
    assert.ok(closedAfter < 1500, `closed after ${closedAfter} ms`);
    const refused = await call(second, alice, 'GET', 'WhoAmI');
    assert.equal(refused.status, 401);
    assert.equal(refused.json.error.appnotify.code, 'auth.user_disabled');
    assert.equal(await status(first, alice, 'appnotifications'), 401);
    assert.equal(await status(second, bob), 200, 'others are untouched');
    const stillOpen = await Promise.race([bobs.closed.then(() => 'closed'), Promise.resolve('open')]);
    assert.equal(stillOpen, 'open');
    bobs.close();
    assert.equal(cli('user', 'list', '--db', db).lines.find((u) => u.systemuserid === alice.id).disabled, true);
    assert.equal(cli('user', 'enable', '--db', db, '--id', alice.id).status, 0);
    await eventually(async () => (await status(first, alice)) === 200 && (await status(second, alice)) === 200, 3000);
  });

  test('user token issues a new token and revokes the old one', async () => {
    const renewed = cli('user', 'token', '--db', db, '--id', bob.id);
    assert.equal(renewed.status, 0);
    const [{ systemuserid, token }] = renewed.lines;
    assert.equal(systemuserid, bob.id);
    assert.match(token, /^[0-9a-f]{64}$/);
    assert.notEqual(token, bob.token);
    assert.equal(await status(first, { token }), 200);
    await eventually(async () => (await status(first, bob)) === 401 && (await status(second, bob)) === 401, 3000);
    bob = { ...bob, token };
  });

  test('grant-send and revoke-send', async () => {
    const send = () =>
      call(first, alice, 'POST', 'appnotifications', { body: { title: 'to Bob', owner: bob.id } }).then(
        (r) => r.status,
      );
    assert.equal(await send(), 403);
    assert.equal(cli('user', 'grant-send', '--db', db, '--id', alice.id).status, 0);
    await eventually(async () => (await send()) === 204, 3000);
    assert.equal(cli('user', 'revoke-send', '--db', db, '--id', alice.id).status, 0);
    await eventually(async () => (await send()) === 403, 3000);
  });

  test('a change for a user who does not exist fails with status 1 and says so', () => {
    const missing = cli('user', 'disable', '--db', db, '--id', '0badc0de-0000-4000-8000-000000000000');
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /no user has the systemuserid 0badc0de-0000-4000-8000-000000000000/);
    const duplicate = cli('user', 'add', '--db', db, '--name', 'Again', '--id', alice.id);
    assert.equal(duplicate.status, 1);
    assert.match(duplicate.stderr, /exists already/);
  });
});

describe('the command line is strict', () => {
  const db = tempDb();
  const cases = [
    ['an unknown flag', ['serve', '--db', db, '--no-such-flag', '1'], /--no-such-flag/],
    ['a misspelt flag', ['serve', '--db', db, '--defualt-ttl', '60'], /--defualt-ttl/],
    ['a flag without its value', ['serve', '--db'], /--db/],
    ['a value out of range', ['serve', '--db', db, '--threads', '0'], /--threads/],
    ['a value that is not a number', ['serve', '--db', db, '--default-ttl', 'soon'], /--default-ttl/],
    ['a bad --listen', ['serve', '--db', db, '--listen', 'localhost'], /--listen/],
    ['a bad --cors-origin', ['serve', '--db', db, '--cors-origin', 'https://app.example.com/path'], /--cors-origin/],
    ['a bad --public-url', ['serve', '--db', db, '--public-url', 'notify.example.com'], /--public-url/],
    ['a --public-url with a query', ['serve', '--db', db, '--public-url', 'https://a.example/?x=1'], /--public-url/],
    ['a bad --trusted-proxy', ['serve', '--db', db, '--trusted-proxy', '10.0.0.0/33'], /--trusted-proxy/],
    ['a --trusted-proxy by name', ['serve', '--db', db, '--trusted-proxy', 'proxy.local'], /--trusted-proxy/],
    ['an unknown user flag', ['user', 'add', '--db', db, '--name', 'X', '--admin'], /--admin/],
    ['user add without --name', ['user', 'add', '--db', db], /--name/],
    ['user disable without --id', ['user', 'disable', '--db', db], /--id/],
    ['user disable with a bad --id', ['user', 'disable', '--db', db, '--id', 'bob'], /--id/],
    ['an unknown command', ['launch', '--db', db], /launch/],
    ['an unknown user command', ['user', 'delete', '--db', db], /delete/],
  ];
  for (const [label, args, names] of cases) {
    test(label, () => {
      const run = cli(...args);
      assert.equal(run.status, 2, `${label}: ${run.stderr}`);
      assert.match(run.stderr, names);
    });
  }

  test('--help exits 0 and documents every flag of serve', () => {
    const help = cli('serve', '--help');
    assert.equal(help.status, 0);
    for (const flag of [
      '--db',
      '--listen',
      '--cors-origin',
      '--jwt-issuer',
      '--jwt-audience',
      '--jwt-jwks',
      '--jwt-leeway',
      '--jwt-user-claim',
      '--jwt-send-role',
    ]) {
      assert.match(help.stdout, new RegExp(flag));
    }
  });
});

describe('the database schema', () => {
  const sqliteOnly = { skip: onPostgres && 'schema 1 was SQLite only' };
  test(
    'a database of the first schema is migrated in place: its users and tokens keep working',
    sqliteOnly,
    async () => {
      const db = tempDb();
      const token = 'a'.repeat(64);
      const hash = createHash('sha256').update(token).digest('hex');
      execFileSync('sqlite3', [
        db,
        `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
       CREATE TABLE users (systemuserid TEXT PRIMARY KEY, name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,
         can_send INTEGER NOT NULL, created_ms INTEGER NOT NULL);
       INSERT INTO users VALUES ('0e5ec0de-0000-4000-8000-000000000111', 'Old Olga', '${hash}', 1, 1700000000000);`,
      ]);
      const server = await startServer(db);
      try {
        const who = await call(server, { token }, 'GET', 'WhoAmI');
        assert.equal(who.json.UserId, '0e5ec0de-0000-4000-8000-000000000111');
        const [olga] = cli('user', 'list', '--db', db).lines;
        assert.deepEqual([olga.name, olga.canSend, olga.disabled, olga.staticToken], ['Old Olga', true, false, true]);
        assert.equal(
          execFileSync('sqlite3', [db, "SELECT value FROM meta WHERE key = 'schema_version'"], {
            encoding: 'utf8',
          }).trim(),
          '2',
        );
      } finally {
        await server.stop();
      }
    },
  );

  test('a database written by a newer appnotifyd is refused with a clear message', () => {
    const db = tempDb();
    addUser(db, 'Someone');
    sql(db, "UPDATE meta SET value = '99' WHERE key = 'schema_version'");
    const refused = cli('user', 'list', '--db', db);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /schema 99, written by a newer appnotifyd/);
    const serve = cli('serve', '--db', db, '--listen', '127.0.0.1:0');
    assert.equal(serve.status, 1);
    assert.match(serve.stderr, /upgrade appnotifyd/);
  });
});
