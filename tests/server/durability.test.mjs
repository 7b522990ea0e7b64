// Acknowledged means stored: under concurrent create load the server is killed with SIGKILL at a
// random moment (after a random number of answered creates), restarted on the same file, and every
// create that was answered 2xx must be there, exactly once. Twenty rounds.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';

import { addUser, call, startServer, tempDb } from './harness.mjs';

const ROUNDS = 20;
const CLIENTS = 16;

async function allIds(server, user) {
  const ids = [];
  let url = `${server.api}/appnotifications?$select=title`;
  while (url) {
    const page = await (
      await fetch(url, { headers: { Authorization: `Bearer ${user.token}`, Prefer: 'odata.maxpagesize=5000' } })
    ).json();
    ids.push(...page.value.map((r) => r.appnotificationid));
    url = page['@odata.nextLink'];
  }
  return ids;
}

describe('crash durability', () => {
  test(`${ROUNDS} rounds of kill -9 under ${CLIENTS} concurrent creators lose no acknowledged create`, async (t) => {
    const db = tempDb();
    const user = addUser(db, 'Writer');
    const acknowledged = new Set();
    let checked = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const server = await startServer(db);
      const killAfter = 20 + Math.floor(Math.random() * 300);
      let answered = 0;
      let killed = false;
      const creator = async () => {
        while (!killed) {
          const id = randomUUID();
          try {
            const response = await call(server, user, 'POST', 'appnotifications', {
              body: { appnotificationid: id, title: `round ${round}`, owner: user.id },
            });
            if (response.status === 204) {
              acknowledged.add(id);
              answered += 1;
              if (answered >= killAfter && !killed) {
                killed = true;
                await server.kill();
              }
            }
          } catch {
            // the connection died with the server: this create was not acknowledged
          }
        }
      };
      await Promise.all(Array.from({ length: CLIENTS }, creator));
      await server.exited;
      const restarted = await startServer(db);
      const ids = await allIds(restarted, user);
      const stored = new Set(ids);
      assert.equal(stored.size, ids.length, 'no record twice');
      const lost = [...acknowledged].filter((id) => !stored.has(id));
      assert.deepEqual(lost, [], `round ${round}: acknowledged creates lost`);
      checked = acknowledged.size;
      await restarted.stop();
    }
    t.diagnostic(`kill -9 rounds: ${ROUNDS}; acknowledged creates checked after the last: ${checked}`);
  });
});
