// OData change tracking over real HTTP, as Dataverse does it for change-tracked tables:
// Prefer: odata.track-changes on the collection answers an @odata.deltaLink; following it answers
// what changed since (records as they are now, $deletedEntity entries for what went away) and the
// next delta link; a token older than the change events kept answers 410 Gone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { addUser, call, startServer, tempDb, withTableAway } from './harness.mjs';

const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);
const HOUR = 3600 * 1000;
const TRACK = { Prefer: 'odata.track-changes' };

describe('change tracking', () => {
  let db, server, alice, bob;
  before(async () => {
    db = tempDb();
    alice = addUser(db, 'Alice', { canSend: true });
    bob = addUser(db, 'Bob');
    server = await startServer(db);
    await server.setTime(T0);
  });
  after(() => server.stop());

  // Follows an absolute link the server gave (nextLink, deltaLink) as `user`.
  const follow = (user, link, headers = {}) => {
    assert.ok(link.startsWith(`${server.api}/`), link);
    return call(server, user, 'GET', link.slice(server.api.length + 1), { headers });
  };
  const create = async (user, body) => {
    const response = await call(server, user, 'POST', 'appnotifications', {
      body: { owner: user.id, ...body },
      headers: { Prefer: 'return=representation' },
    });
    assert.equal(response.status, 201, response.text);
    return response.json.appnotificationid;
  };
  // Every page of a tracked download or of a delta: the entries, and the delta link at the end.
  const readAll = async (user, first) => {
    const entries = [];
    let response = first;
    for (;;) {
      assert.equal(response.status, 200, response.text);
      assert.match(response.json['@odata.context'], /#appnotifications(\([a-z,]+\))?\/\$delta$/);
      entries.push(...response.json.value);
      const next = response.json['@odata.nextLink'];
      if (!next) break;
      assert.equal(response.json['@odata.deltaLink'], undefined, 'a page with a next page has no delta link yet');
      response = await follow(user, next);
    }
    const deltaLink = response.json['@odata.deltaLink'];
    assert.match(deltaLink, /[?&]\$deltatoken=/);
    return { entries, deltaLink };
  };
  const track = async (user, query = '', headers = {}) =>
    readAll(user, await call(server, user, 'GET', `appnotifications${query}`, { headers: { ...TRACK, ...headers } }));
  const deleted = (entries) =>
    entries.filter((e) => String(e['@odata.context']).endsWith('#appnotifications/$deletedEntity')).map((e) => e.id);
  const changed = (entries) => entries.filter((e) => !e['@odata.context']);

  test('the first download holds every live record of the caller and a delta link; nothing new answers an empty delta', async () => {
    const mine = [await create(alice, { title: 'one' }), await create(alice, { title: 'two' })];
    await create(bob, { title: 'bob only' });
    const response = await call(server, alice, 'GET', 'appnotifications', { headers: TRACK });
    assert.match(response.headers.get('preference-applied'), /odata\.track-changes/);
    const { entries, deltaLink } = await readAll(alice, response);
    assert.deepEqual(entries.map((e) => e.appnotificationid).sort(), [...mine].sort());

    const nothing = await follow(alice, deltaLink);
    assert.equal(nothing.status, 200);
    assert.deepEqual(nothing.json.value, []);
    assert.ok(nothing.text.length < 400, `an empty delta is small: ${nothing.text.length} bytes`);
    assert.match(nothing.json['@odata.deltaLink'], /\$deltatoken=/);
  });

  test('a delta holds what was created, updated, deleted, reassigned or expired since, each once, as it is now', async () => {
    const kept = await create(alice, { title: 'kept' });
    const edited = await create(alice, { title: 'before' });
    const removed = await create(alice, { title: 'to delete' });
    const given = await create(alice, { title: 'for Bob' });
    const brief = await create(alice, { title: 'brief', ttlinseconds: 60 });
    const { deltaLink } = await track(alice);

    const fresh = await create(alice, { title: 'fresh' });
    for (const title of ['after', 'after again']) {
      const patched = await call(server, alice, 'PATCH', `appnotifications(${edited})`, {
        body: { title },
        headers: { 'If-Match': '*' },
      });
      assert.equal(patched.status, 204, patched.text);
    }
    assert.equal((await call(server, alice, 'DELETE', `appnotifications(${removed})`)).status, 204);
    const reassigned = await call(server, alice, 'PATCH', `appnotifications(${given})`, {
      body: { owner: bob.id },
      headers: { 'If-Match': '*' },
    });
    assert.equal(reassigned.status, 204, reassigned.text);
    const touched = await call(server, alice, 'PATCH', `appnotifications(${brief})`, {
      body: { title: 'brief, touched' },
      headers: { 'If-Match': '*' },
    });
    assert.equal(touched.status, 204, touched.text);
    await server.setTime(T0 + 2 * 60000); // the brief one expires

    const delta = await follow(alice, deltaLink);
    assert.equal(delta.status, 200, delta.text);
    const entries = delta.json.value;
    const records = changed(entries);
    assert.deepEqual(records.map((r) => r.title).sort(), ['after again', 'fresh']);
    assert.ok(records.every((r) => r['@odata.etag'] && r.appnotificationid));
    assert.deepEqual(deleted(entries).sort(), [removed, given, brief].sort());
    for (const entry of entries.filter((e) => e.reason !== undefined)) assert.equal(entry.reason, 'deleted');
    assert.ok(!entries.some((e) => e.appnotificationid === kept || e.id === kept), 'what did not change is not sent');
    assert.equal(new Set(entries.map((e) => e.appnotificationid ?? e.id)).size, entries.length, 'each once');
    assert.ok(fresh);

    // The next link starts where this one ended.
    const again = await follow(alice, delta.json['@odata.deltaLink']);
    assert.deepEqual(again.json.value, []);
    await server.setTime(T0);
  });

  test("a delta token reaches only its holder's changes: another user following it sees their own", async () => {
    const { deltaLink } = await track(alice);
    const alices = await create(alice, { title: 'for Alice' });
    const bobs = await create(bob, { title: 'for Bob' });
    const asBob = await follow(bob, deltaLink);
    assert.equal(asBob.status, 200);
    const ids = asBob.json.value.map((e) => e.appnotificationid ?? e.id);
    assert.ok(ids.includes(bobs));
    assert.ok(!ids.includes(alices), "Alice's change never reaches Bob");
    assert.ok(!asBob.text.includes('for Alice'));
  });

  test('pages go by id: a record deleted between two pages of the first download makes none skipped', async () => {
    for (let i = 0; i < 5; i += 1) await create(alice, { title: `paged ${i}` });
    const live = (await call(server, alice, 'GET', 'appnotifications')).json.value.map((r) => r.appnotificationid);
    const first = await call(server, alice, 'GET', 'appnotifications', {
      headers: { Prefer: 'odata.track-changes,odata.maxpagesize=2' },
    });
    assert.equal(first.status, 200);
    assert.equal(first.json.value.length, 2);
    assert.match(first.headers.get('preference-applied'), /odata\.maxpagesize=2/);
    const gone = first.json.value[0].appnotificationid;
    assert.equal((await call(server, alice, 'DELETE', `appnotifications(${gone})`)).status, 204);
    const { entries, deltaLink } = await readAll(alice, first);
    const seen = entries.map((e) => e.appnotificationid);
    assert.equal(new Set(seen).size, seen.length, 'no record twice');
    assert.deepEqual([...seen].sort(), [...live].sort(), 'every record that lived at the start, none skipped');
    // The deletion during the download comes in the delta.
    const delta = await follow(alice, deltaLink);
    assert.deepEqual(deleted(delta.json.value), [gone]);
  });

  test('a delta longer than a page comes in pages that end with the delta link', async () => {
    const { deltaLink } = await track(alice);
    const made = [];
    for (let i = 0; i < 5; i += 1) made.push(await create(alice, { title: `burst ${i}` }));
    const first = await follow(alice, deltaLink, { Prefer: 'odata.maxpagesize=2' });
    assert.equal(first.json.value.length, 2);
    assert.ok(first.json['@odata.nextLink']);
    const { entries } = await readAll(alice, first);
    assert.deepEqual(entries.map((e) => e.appnotificationid).sort(), [...made].sort());
  });

  test('$select goes with the tracking and into its links', async () => {
    const { entries, deltaLink } = await track(alice, '?$select=title');
    assert.deepEqual(Object.keys(entries[0]), ['@odata.etag', 'appnotificationid', 'title']);
    assert.match(deltaLink, /\$select=title/);
    await create(alice, { title: 'selected', body: 'not sent' });
    const delta = await follow(alice, deltaLink);
    assert.match(delta.json['@odata.context'], /#appnotifications\(title\)\/\$delta$/);
    assert.deepEqual(Object.keys(delta.json.value[0]), ['@odata.etag', 'appnotificationid', 'title']);
  });

  test('bad tokens and options that do not go with tracking answer 400 and say which', async () => {
    const cases = {
      'appnotifications?$deltatoken=abc': 'query.invalid_deltatoken',
      'appnotifications?$deltatoken=12!': 'query.invalid_deltatoken',
      'appnotifications?$deltatoken=-1!5': 'query.invalid_deltatoken',
      'appnotifications?$skiptoken=1!2!not-a-guid': 'query.invalid',
      'appnotifications?$deltatoken=1!2&$skiptoken=1!2!a11ce000-0000-4000-8000-000000000001': 'query.invalid',
    };
    for (const [query, code] of Object.entries(cases)) {
      const response = await call(server, alice, 'GET', query);
      assert.equal(response.status, 400, query);
      assert.equal(response.json.error.appnotify.code, code, query);
    }
    for (const option of ['$filter=priority eq 1', '$orderby=title', '$top=1', '$count=true']) {
      const response = await call(server, alice, 'GET', `appnotifications?${option}`, { headers: TRACK });
      assert.equal(response.status, 400, option);
      assert.equal(response.json.error.appnotify.code, 'query.not_with_track_changes');
      assert.match(response.json.error.message, new RegExp(`^\\${option.split('=')[0]}`));
    }
    const unknown = await call(server, alice, 'GET', 'appnotifications?$select=nope', { headers: TRACK });
    assert.equal(unknown.status, 400);
    assert.match(unknown.json.error.message, /nope/);
  });

  test('a token older than the change events kept answers 410 Gone, with where to download again', async () => {
    const { deltaLink } = await track(alice, '?$select=title');
    await server.setTime(T0 + 23 * HOUR - 1000);
    assert.equal((await follow(alice, deltaLink)).status, 200, 'still good just inside the retention');
    await server.setTime(T0 + 23 * HOUR + 1000);
    const gone = await follow(alice, deltaLink);
    assert.equal(gone.status, 410);
    assert.equal(gone.json.error.code, '0x80044352');
    assert.equal(gone.json.error.appnotify.code, 'query.expired_deltatoken');
    assert.equal(gone.headers.get('location'), `${server.api}/appnotifications?$select=title`);
    // Downloading again gives a token that works.
    const { deltaLink: renewed } = await track(alice);
    assert.equal((await follow(alice, renewed)).status, 200);
    await server.setTime(T0);
  });

  // A read of the change events that fails on a connection still up (here: their table is renamed
  // away) answers 503, never an empty delta whose next link would pass over what changed.
  test('while the change events cannot be read, a delta answers 503 with Retry-After; then it has what changed', async () => {
    const { deltaLink } = await track(alice);
    const id = await create(alice, { title: 'while the events were away' });
    const away = await withTableAway(db, 'events', () => follow(alice, deltaLink));
    assert.equal(away.status, 503, away.text);
    assert.equal(away.headers.get('retry-after'), '1');
    const { entries } = await readAll(alice, await follow(alice, deltaLink));
    assert.deepEqual(
      changed(entries).map((e) => e.appnotificationid),
      [id],
    );
  });
});
