// Query semantics of the appnotifications collection over real HTTP.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { addUser, call, createMany, startServer, tempDb } from './harness.mjs';

const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);

describe('queries', () => {
  let server, alice, bob;
  before(async () => {
    const db = tempDb();
    alice = addUser(db, 'Alice');
    bob = addUser(db, 'Bob');
    server = await startServer(db);
    // Six of Alice's, created one minute apart; one of Bob's.
    const specs = [
      { title: 'alpha', priority: 200000000, icontype: 100000000 },
      { title: 'bravo', priority: 200000001, icontype: 100000003 },
      { title: "charlie's", priority: 200000000, icontype: 100000003, body: 'has a body' },
      { title: 'delta', priority: 200000001, icontype: 100000001, ttlinseconds: 7200 },
      { title: 'echo 100%', priority: 200000000, icontype: 100000002 },
      { title: 'foxtrot', priority: 200000000, icontype: 100000000 },
    ];
    for (const [i, spec] of specs.entries()) {
      await server.setTime(T0 + i * 60000);
      const response = await call(server, alice, 'POST', 'appnotifications', { body: { ...spec, owner: alice.id } });
      assert.equal(response.status, 204);
    }
    await call(server, bob, 'POST', 'appnotifications', { body: { title: 'bob only', owner: bob.id } });
    await server.setTime(T0 + 10 * 60000);
  });
  after(() => server.stop());

  const titles = async (query) => {
    const response = await call(server, alice, 'GET', `appnotifications?${query.replaceAll('%', '%25')}`);
    assert.equal(response.status, 200, `${query}: ${response.text}`);
    return response.json.value.map((r) => r.title);
  };

  test('the default order is High first, then newest first; a user sees only their own', async () => {
    assert.deepEqual(await titles(''), ['delta', 'bravo', 'foxtrot', 'echo 100%', "charlie's", 'alpha']);
  });

  test('$filter: comparisons on every type, and, or, not, parentheses, null', async () => {
    const cases = {
      "$filter=title eq 'bravo'": ['bravo'],
      "$filter=title eq 'charlie''s'": ["charlie's"],
      '$filter=priority eq 200000001': ['delta', 'bravo'],
      '$filter=icontype ne 100000000 and priority eq 200000000': ['echo 100%', "charlie's"],
      '$filter=icontype eq 100000001 or icontype eq 100000002': ['delta', 'echo 100%'],
      '$filter=not (priority eq 200000000)': ['delta', 'bravo'],
      '$filter=body ne null': ["charlie's"],
      '$filter=ttlinseconds eq 1209600 and priority eq 200000001': ['bravo'], // sent without: the default
      '$filter=ttlinseconds eq null': [],
      '$filter=createdon ge 2026-11-27T12:03:00Z': ['delta', 'foxtrot', 'echo 100%'],
      '$filter=createdon lt 2026-11-27T12:01:00.000Z': ['alpha'],
      "$filter=contains(title,'100%')": ['echo 100%'],
      "$filter=startswith(title,'ch')": ["charlie's"],
      "$filter=endswith(title,'rot')": ['foxtrot'],
    };
    for (const [query, expected] of Object.entries(cases)) {
      assert.deepEqual(await titles(query), expected, query);
    }
    assert.deepEqual(await titles(`$filter=_ownerid_value eq ${alice.id}&$top=1`), ['delta']);
    assert.deepEqual(await titles(`$filter=_ownerid_value eq ${bob.id}`), [], "no one reaches another's records");
  });

  test('$orderby, $top, $select, $count', async () => {
    assert.deepEqual(await titles('$orderby=title desc&$top=2'), ['foxtrot', 'echo 100%']);
    assert.deepEqual(await titles('$orderby=createdon asc&$top=3'), ['alpha', 'bravo', "charlie's"]);
    const selected = await call(server, alice, 'GET', '$select=title'.replace(/^/, 'appnotifications?'));
    assert.deepEqual(Object.keys(selected.json.value[0]), ['@odata.etag', 'appnotificationid', 'title']);
    assert.match(selected.json['@odata.context'], /#appnotifications\(title\)$/);
    const counted = await call(
      server,
      alice,
      'GET',
      'appnotifications?$count=true&$top=1&$filter=priority eq 200000000',
    );
    assert.equal(counted.json['@odata.count'], 4);
    assert.equal(counted.json.value.length, 1);
    const plain = await call(server, alice, 'GET', 'appnotifications/$count?$filter=priority eq 200000001');
    assert.equal(plain.text, '2');
  });

  test('more distinct queries than a connection keeps prepared (256) still answer rightly', async () => {
    // Every $top is a statement text of its own; on PostgreSQL the first 256 are prepared per connection.
    for (let top = 1; top <= 300; top += 1) {
      assert.equal((await titles(`$top=${top}&$select=title`)).length, Math.min(top, 6), `$top=${top}`);
    }
    assert.deepEqual(await titles('$filter=priority eq 200000001&$top=299&$select=title'), ['delta', 'bravo']);
  });

  test('bad options answer 400 and say which option and what is wrong', async () => {
    const cases = {
      "$filter=colour eq 'red'": /unknown column "colour"/,
      '$filter=priority eq': /expected a column or a value/,
      "$filter=priority eq 'high'": /priority is a whole number/,
      '$filter=createdon gt yesterday': /unknown column "yesterday"/,
      '$filter=((((((((((((((((((((((((((((((((((title eq null)))))))))))))))))))))))))))))))))': /nests too deeply/,
      '$orderby=title sideways': /asc or desc/,
      '$select=title,colour': /unknown column "colour"/,
      '$top=many': /whole number/,
    };
    for (const [query, message] of Object.entries(cases)) {
      const response = await call(server, alice, 'GET', `appnotifications?${query}`);
      assert.equal(response.status, 400, query);
      assert.match(response.json.error.message, message, query);
    }
  });

  test('paging through thousands of records with odata.maxpagesize and @odata.nextLink', async () => {
    const db = tempDb();
    const carol = addUser(db, 'Carol');
    const big = await startServer(db);
    try {
      const total = 2500;
      await createMany(big, carol, total);
      const seen = new Set();
      let url = `${big.api}/appnotifications?$select=title`;
      let pages = 0;
      while (url) {
        const response = await fetch(url, {
          headers: { Authorization: `Bearer ${carol.token}`, Prefer: 'odata.maxpagesize=1000' },
        });
        const page = await response.json();
        assert.ok(page.value.length <= 1000);
        for (const record of page.value) seen.add(record.appnotificationid);
        url = page['@odata.nextLink'];
        pages += 1;
      }
      assert.equal(pages, 3);
      assert.equal(seen.size, total, 'every record exactly once');
    } finally {
      await big.stop();
    }
  });
});
