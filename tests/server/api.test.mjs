// The server ring: the Web API over real HTTP on loopback, against a real SQLite file.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { inputText, loadVectors } from '../wasm/vectors.mjs';
import { addUser, call, idFromEntityId, startServer, tempDb } from './harness.mjs';

const VECTOR_OWNER = '3f2504e0-4f89-11d3-9a0c-0305e82c3301'; // the owner the validation vectors use

describe('Web API', () => {
  let server, alice, bob, sender, db;
  before(async () => {
    db = tempDb();
    alice = addUser(db, 'Alice', { id: VECTOR_OWNER });
    bob = addUser(db, 'Bob');
    sender = addUser(db, 'Sender', { canSend: true });
    server = await startServer(db);
  });
  after(async () => {
    const { code } = await server.stop();
    assert.equal(code, 0, 'SIGTERM drains and exits 0');
  });

  test('create answers 204 with OData-EntityId, and the record reads back', async () => {
    const created = await call(server, alice, 'POST', 'appnotifications', {
      body: { title: 'Welcome', body: 'Hello', owner: alice.id, icontype: 100000001 },
    });
    assert.equal(created.status, 204);
    const id = idFromEntityId(created);
    assert.match(created.headers.get('odata-entityid'), /\/api\/data\/v9\.2\/appnotifications\([0-9a-f-]{36}\)$/);
    const read = await call(server, alice, 'GET', `appnotifications(${id})`);
    assert.equal(read.status, 200);
    assert.equal(read.json.title, 'Welcome');
    assert.equal(read.json.icontype, 100000001);
    assert.equal(read.json.toasttype, 200000000);
    assert.equal(read.json._ownerid_value, alice.id);
    assert.match(read.json.createdon, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(read.json['@odata.etag'], read.headers.get('etag'));
  });

  test('return=representation answers 201 with the record', async () => {
    const created = await call(server, alice, 'POST', 'appnotifications', {
      body: { title: 'Rep', 'ownerid@odata.bind': `/systemusers(${alice.id})` },
      headers: { Prefer: 'return=representation' },
    });
    assert.equal(created.status, 201);
    assert.equal(created.headers.get('preference-applied'), 'return=representation');
    assert.equal(created.json.title, 'Rep');
    assert.match(created.json['@odata.context'], /\$metadata#appnotifications\/\$entity$/);
  });

  test('the seed API version v9.0 and v9.1 work too', async () => {
    for (const version of ['v9.0', 'v9.1']) {
      const response = await fetch(`${server.origin}/api/data/${version}/WhoAmI()`, {
        headers: { Authorization: `Bearer ${alice.token}` },
      });
      assert.equal(response.status, 200);
      assert.equal((await response.json()).UserId, alice.id);
    }
  });

  test('the server says exactly what the browser says: every validation vector', async () => {
    let checked = 0;
    for (const { spec } of loadVectors('validate')) {
      const isSend = spec.entry === 'sendAppNotification';
      const response = await call(server, sender, 'POST', isSend ? 'SendAppNotification' : 'appnotifications', {
        body: inputText(spec),
      });
      if (spec.expect.ok) {
        // A vector may supply its own id; a second run of the same id would be a duplicate.
        assert.ok([200, 204, 412].includes(response.status), `${spec.name}: ${response.status} ${response.text}`);
      } else {
        assert.equal(response.status, 400, `${spec.name}: ${response.text}`);
        const problems = response.json.error.appnotify.problems.map(({ code, path }) => ({ code, path }));
        const expected = spec.expect.errors.map(({ code, path }) => ({ code, path }));
        assert.deepEqual(problems, expected, spec.name);
        assert.equal(response.json.error.code, '0x80040203');
      }
      checked += 1;
    }
    assert.ok(checked > 150, `only ${checked} vectors`);
  });

  test('SendAppNotification answers the NotificationId of a record the recipient can read', async () => {
    const sent = await call(server, sender, 'POST', 'SendAppNotification', {
      body: { Title: 'Sent', Recipient: `/systemusers(${bob.id})`, Body: 'x', Priority: 200000001 },
    });
    assert.equal(sent.status, 200);
    const read = await call(server, bob, 'GET', `appnotifications(${sent.json.NotificationId})`);
    assert.equal(read.status, 200);
    assert.equal(read.json.priority, 200000001);
    assert.equal(read.json._createdby_value, sender.id);
  });

  test('PATCH updates, with If-Match only updates, with If-None-Match only creates, else upserts', async () => {
    const created = await call(server, alice, 'POST', 'appnotifications', { body: { title: 'Old', owner: alice.id } });
    const id = idFromEntityId(created);
    const before = await call(server, alice, 'GET', `appnotifications(${id})`);
    const updated = await call(server, alice, 'PATCH', `appnotifications(${id})`, {
      body: { title: 'New', priority: 200000001 },
    });
    assert.equal(updated.status, 204);
    const after = await call(server, alice, 'GET', `appnotifications(${id})`);
    assert.equal(after.json.title, 'New');
    assert.equal(after.json.priority, 200000001);
    assert.equal(after.json.createdon, before.json.createdon);
    assert.notEqual(after.json['@odata.etag'], before.json['@odata.etag']);

    const stale = await call(server, alice, 'PATCH', `appnotifications(${id})`, {
      body: { title: 'x' },
      headers: { 'If-Match': before.json['@odata.etag'] },
    });
    assert.equal(stale.status, 412);
    const absent = '00000000-0000-4000-8000-000000000001';
    assert.equal(
      (
        await call(server, alice, 'PATCH', `appnotifications(${absent})`, {
          body: { title: 'x' },
          headers: { 'If-Match': '*' },
        })
      ).status,
      404,
    );
    assert.equal(
      (
        await call(server, alice, 'PATCH', `appnotifications(${id})`, {
          body: { title: 'x' },
          headers: { 'If-None-Match': '*' },
        })
      ).status,
      412,
    );
    const upserted = await call(server, alice, 'PATCH', `appnotifications(${absent})`, {
      body: { title: 'Upserted', owner: alice.id },
    });
    assert.equal(upserted.status, 204);
    assert.equal((await call(server, alice, 'GET', `appnotifications(${absent})`)).json.title, 'Upserted');
    const invalid = await call(server, alice, 'PATCH', `appnotifications(${id})`, { body: { title: '' } });
    assert.equal(invalid.status, 400);
    assert.equal(invalid.json.error.appnotify.problems[0].path, '/title');
  });

  test('DELETE answers 204, then the record is gone (404)', async () => {
    const id = idFromEntityId(
      await call(server, alice, 'POST', 'appnotifications', { body: { title: 'Bye', owner: alice.id } }),
    );
    assert.equal((await call(server, alice, 'DELETE', `appnotifications(${id})`)).status, 204);
    assert.equal((await call(server, alice, 'GET', `appnotifications(${id})`)).status, 404);
    assert.equal((await call(server, alice, 'DELETE', `appnotifications(${id})`)).status, 404);
  });

  test("errors have Dataverse's shape and the right status, never 5xx for a client mistake", async () => {
    const cases = [
      ['GET', 'nothing-here', undefined, 404],
      ['PUT', 'appnotifications', '{}', 405],
      ['GET', 'appnotifications(not-a-guid)', undefined, 400],
      ['POST', 'appnotifications', '{"title": ', 400],
      ['POST', 'appnotifications', '\u00ff\u00fe', 400],
      ['GET', 'appnotifications?$filter=title eq', undefined, 400],
      ['GET', 'appnotifications?$expand=ownerid', undefined, 400],
      ['GET', 'appnotifications?$top=-1', undefined, 400],
      ['GET', 'appnotifications?%zz=1', undefined, 400],
    ];
    for (const [method, path, body, status] of cases) {
      const response = await call(server, alice, method, path, { body });
      assert.equal(response.status, status, `${method} ${path}: ${response.text}`);
      assert.match(response.json.error.code, /^0x[0-9A-F]{8}$/i, `${method} ${path}`);
      assert.ok(response.json.error.message.length > 10);
    }
    const huge = await call(server, alice, 'POST', 'appnotifications', { body: 'x'.repeat(2 * 1024 * 1024) });
    assert.equal(huge.status, 413);
  });

  test('$metadata is a CSDL document an OData client can read', async () => {
    const response = await fetch(`${server.api}/$metadata`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), /application\/xml/);
    const xml = await response.text();
    for (const fragment of [
      '<EntityType Name="appnotification">',
      '<EntitySet Name="appnotifications"',
      '<Action Name="SendAppNotification">',
      '<Function Name="WhoAmI">',
    ]) {
      assert.ok(xml.includes(fragment), fragment);
    }
  });
});

describe('a sender-supplied id', () => {
  test('is refused while its notification lives, and taken again once it has expired', async () => {
    const db = tempDb();
    const alice = addUser(db, 'Alice');
    const server = await startServer(db);
    try {
      const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);
      await server.setTime(T0);
      const id = '0a11ce00-0000-4000-8000-000000000042';
      const send = (title) =>
        call(server, alice, 'POST', 'appnotifications', {
          body: { appnotificationid: id, title, owner: alice.id, ttlinseconds: 60 },
        });
      assert.equal((await send('First')).status, 204);
      const twice = await send('Second');
      assert.equal(twice.status, 412);
      assert.equal(twice.json.error.code, '0x80040237');
      assert.equal((await call(server, alice, 'GET', `appnotifications(${id})`)).json.title, 'First');
      await server.setTime(T0 + 61000); // expired, whether or not the sweep has deleted it yet
      assert.equal((await send('Third')).status, 204);
      const again = await call(server, alice, 'GET', `appnotifications(${id})`);
      assert.equal(again.json.title, 'Third');
      assert.equal((await call(server, alice, 'GET', 'appnotifications?$select=title')).json.value.length, 1);
    } finally {
      await server.stop();
    }
  });
});
