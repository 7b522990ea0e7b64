// The authorization matrix: every endpoint x {owner, another user, a sender, no token, a wrong
// token}. Another user's notification answers exactly like one that does not exist.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { addUser, call, idFromEntityId, startServer, tempDb } from './harness.mjs';

describe('authorization', () => {
  let server, owner, other, sender;
  before(async () => {
    const db = tempDb();
    owner = addUser(db, 'Owner');
    other = addUser(db, 'Other');
    sender = addUser(db, 'Sender', { canSend: true });
    server = await startServer(db);
  });
  after(() => server.stop());

  const fresh = async () =>
    idFromEntityId(await call(server, owner, 'POST', 'appnotifications', { body: { title: 'mine', owner: owner.id } }));
  const absent = '0badc0de-0000-4000-8000-000000000000';
  const wrong = { token: 'not-a-real-token' };

  test('every endpoint, every kind of caller', async (t) => {
    const rows = [];
    const expect = async (who, label, method, path, body, status, headers = {}) => {
      const response = await call(server, who, method, path, { body, headers });
      rows.push(`${label} ${method} ${path.split('(')[0]}`);
      assert.equal(response.status, status, `${label} ${method} ${path}: ${response.text}`);
      return response;
    };
    for (const [who, label] of [
      [null, 'no token'],
      [wrong, 'wrong token'],
    ]) {
      const id = await fresh();
      await expect(who, label, 'GET', 'appnotifications', undefined, 401);
      await expect(who, label, 'GET', `appnotifications(${id})`, undefined, 401);
      await expect(who, label, 'PATCH', `appnotifications(${id})`, { title: 'x' }, 401);
      await expect(who, label, 'DELETE', `appnotifications(${id})`, undefined, 401);
      await expect(who, label, 'POST', 'appnotifications', { title: 'x', owner: owner.id }, 401);
      await expect(
        who,
        label,
        'POST',
        'SendAppNotification',
        { Title: 'x', Recipient: `/systemusers(${owner.id})` },
        401,
      );
      await expect(who, label, 'GET', 'WhoAmI', undefined, 401);
      await expect(who, label, 'GET', 'appnotifications/$count', undefined, 401);
    }
    // Another user (and a sender, who may create for others but not read them) sees nothing.
    for (const [who, label] of [
      [other, 'other'],
      [sender, 'sender'],
    ]) {
      const id = await fresh();
      const theirs = await expect(who, label, 'GET', `appnotifications(${id})`, undefined, 404);
      const missing = await call(server, who, 'GET', `appnotifications(${absent})`);
      assert.deepEqual(
        { status: theirs.status, code: theirs.json.error.code },
        { status: missing.status, code: missing.json.error.code },
        'no answer reveals that the notification exists',
      );
      // A PATCH without If-Match is an upsert: on someone else's id it answers what it answers on a
      // free id with the same body (400: a new record needs an owner), and it never takes theirs over.
      const patched = await expect(who, label, 'PATCH', `appnotifications(${id})`, { title: 'x' }, 400);
      const patchedAbsent = await call(server, who, 'PATCH', `appnotifications(${absent})`, { body: { title: 'x' } });
      assert.equal(patched.text, patchedAbsent.text);
      await expect(who, label, 'PATCH', `appnotifications(${id})`, { title: 'x', owner: who.id }, 404);
      await expect(who, label, 'PATCH', `appnotifications(${id})`, { title: 'x' }, 404, { 'If-Match': '*' });
      await expect(who, label, 'DELETE', `appnotifications(${id})`, undefined, 404);
      const list = await expect(
        who,
        label,
        'GET',
        `appnotifications?$filter=appnotificationid eq ${id}`,
        undefined,
        200,
      );
      assert.deepEqual(list.json.value, []);
      assert.equal((await call(server, owner, 'GET', `appnotifications(${id})`)).json.title, 'mine', 'untouched');
    }
    // Creating for someone else needs the send privilege.
    await expect(other, 'other', 'POST', 'appnotifications', { title: 'x', owner: owner.id }, 403);
    await expect(
      other,
      'other',
      'POST',
      'SendAppNotification',
      { Title: 'x', Recipient: `/systemusers(${owner.id})` },
      403,
    );
    await expect(sender, 'sender', 'POST', 'appnotifications', { title: 'x', owner: owner.id }, 204);
    await expect(sender, 'sender', 'POST', 'appnotifications', { title: 'x', owner: absent }, 400);
    // The owner may do everything with their own.
    const id = await fresh();
    await expect(owner, 'owner', 'GET', `appnotifications(${id})`, undefined, 200);
    await expect(owner, 'owner', 'PATCH', `appnotifications(${id})`, { title: 'changed' }, 204);
    await expect(owner, 'owner', 'PATCH', `appnotifications(${id})`, { owner: other.id }, 403);
    await expect(owner, 'owner', 'DELETE', `appnotifications(${id})`, undefined, 204);
    await expect(owner, 'owner', 'GET', 'WhoAmI', undefined, 200);
    assert.ok(rows.length >= 35, `matrix of ${rows.length} checks`);
    t.diagnostic(`authorization matrix: ${rows.length} checks`);
  });
});
