// The page behind the load balancer (HAProxy) in front of two instances on one PostgreSQL: when the
// instance holding its push stream dies (kill -9), the page's transport reconnects through the
// balancer to the other instance, resumes there with Last-Event-ID, and toasts what was sent
// meanwhile exactly once.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

import { addUser, startBalancer, startPostgresCluster, startServer } from '../server/harness.mjs';
import { launch, openPage, send } from './page.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('the page through the balancer while instances die', () => {
  let cluster, db, site, servers, balancer, browser, alice, bob;
  const startInstance = (port = 0) => startServer(db, ['--static', site, '--trusted-proxy', '127.0.0.1'], { port });
  before(async () => {
    cluster = startPostgresCluster();
    db = cluster.uri('page');
    site = mkdtempSync(path.join(os.tmpdir(), 'appnotify-site-'));
    cpSync(path.join(root, 'web/demo'), site, { recursive: true });
    cpSync(path.join(root, 'web/dist'), path.join(site, 'dist'), { recursive: true });
    alice = { key: 'alice', ...addUser(db, 'Alice') };
    bob = { key: 'bob', ...addUser(db, 'Bob', { canSend: true }), canSend: true };
    writeFileSync(path.join(site, 'users.json'), JSON.stringify([alice, bob]));
    servers = [await startInstance(), await startInstance()];
    balancer = await startBalancer(servers);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await balancer?.stop();
    await Promise.all((servers ?? []).map((server) => server.stop()));
    cluster?.stop();
  });

  test('kill -9 of each instance in turn: the stream moves, nothing sent meanwhile is lost or toasted twice', async () => {
    const { page, context, problems } = await openPage(browser, { server: balancer }, alice);
    const streaming = () => page.evaluate(() => document.querySelector('appnotify-center').session.transport.streaming);
    const sent = [];
    for (const [victim, survivor] of [
      [0, 1],
      [1, 0],
    ]) {
      const port = Number(new URL(servers[victim].origin).port);
      await servers[victim].kill();
      // Sent on the survivor while the page may be between two streams.
      const meanwhile = await send({ server: servers[survivor] }, bob, {
        title: `While ${victim} is down`,
        owner: alice.id,
      });
      assert.equal(meanwhile.status, 204, meanwhile.text);
      sent.push(meanwhile.id);
      const toast = page.locator(`[data-appnotify-toast="${meanwhile.id}"]`);
      for (let i = 0; i < 8 && (await toast.count()) === 0; i += 1) {
        await page.clock.runFor(31000); // past the longest reconnect delay (only while it has not come)
        await toast.waitFor({ timeout: 2000 }).catch(() => {}); // the reconnection itself is real I/O
      }
      assert.equal(await toast.count(), 1, `toasted once after instance ${victim} died`);
      // The toast may have come from a poll while the stream was still away (a reconnection still on
      // its way, or sent by the balancer to the dead instance): the stream is back at a later attempt.
      for (let i = 0; i < 8 && !(await streaming()); i += 1) {
        await page
          .waitForFunction(() => document.querySelector('appnotify-center').session.transport.streaming, null, {
            timeout: 2000,
          })
          .catch(() => page.clock.runFor(31000)); // past the longest reconnect delay
      }
      assert.equal(await streaming(), true, `streaming again after instance ${victim} died`);
      servers[victim] = await startInstance(port); // back, for the next round to kill the other
    }
    // The second round killed whichever instance the stream had moved to: it moved at least once.
    const order = await page.evaluate(() => document.querySelector('appnotify-center').session.order);
    for (const id of sent) assert.equal(order.filter((x) => x === id).length, 1, `${id} once in the center`);
    assert.deepEqual(problems, [], 'no broken page');
    await context.close();
  });
});
