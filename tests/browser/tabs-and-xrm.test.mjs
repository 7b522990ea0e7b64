// Two tabs of one user, and the seed document's Xrm examples run as written in a page.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { send, useSite } from './page.mjs';

describe('two tabs and Xrm.WebApi', () => {
  const f = useSite();

  async function tab(context, user) {
    const page = await context.newPage();
    await page.goto(`${f.site.server.origin}/?user=${user.key}`);
    await page.waitForFunction(() => document.querySelector('appnotify-center')?.session?.transport?.streaming);
    return page;
  }

  test('a notification toasts in one tab only, the one looked at; a dismissal in one tab shows in the other at once', async () => {
    const context = await f.browser.newContext();
    const first = await tab(context, f.alice);
    const second = await tab(context, f.alice);
    const sent = await send(f.site, f.bob, { title: 'Once', owner: f.alice.id });
    const selector = `[data-appnotify-item="${sent.id}"]`;
    // Both centers list it; exactly one tab shows the toast.
    for (const page of [first, second]) {
      await page.waitForFunction(
        (id) => document.querySelector('appnotify-center').session.order.includes(id),
        sent.id,
      );
    }
    const toastCount = async () =>
      (await first.locator(`[data-appnotify-toast="${sent.id}"]`).count()) +
      (await second.locator(`[data-appnotify-toast="${sent.id}"]`).count());
    // The tab opened last is the one looked at (both are visible and focused in headless Chromium).
    await second.waitForFunction(
      (id) => document.querySelector('appnotify-center').session.state.toasts.some((t) => t.id === id),
      sent.id,
    );
    assert.equal(await toastCount(), 1);
    await first.locator('[data-appnotify-bell]').click();
    await first.locator(selector).locator('button.x').click();
    await second.waitForFunction(
      (id) => !document.querySelector('appnotify-center').session.order.includes(id),
      sent.id,
    );
    await context.close();
  });

  test("the seed's client API examples run as written (the global Xrm)", async () => {
    const context = await f.browser.newContext();
    const page = await tab(context, f.bob);
    const results = await page.evaluate(
      async ({ owner, self }) => {
        const logs = [];
        const console = { log: (text) => logs.push(String(text)) };
        // "Send basic in-app notification using client API", verbatim but for the owner's GUID.
        var data = {
          title: 'Welcome',
          body: 'Welcome to the world of app notifications!',
          owner: owner,
          icontype: 100000000, // info
          toasttype: 200000000, // timed
        };
        await Xrm.WebApi.createRecord('appnotification', data).then(
          function success(result) {
            console.log('notification created with ID: ' + result.id);
          },
          function (error) {
            console.log(error.message);
          },
        );
        // "Notification with custom body", verbatim but for the owner's GUID.
        // (Sent to the sender themself, who may then read, update and delete it.)
        var notificationRecord = {
          title: 'SLA critical',
          body: 'Case record assigned to you is critically past SLA',
          owner: self,
          icontype: 100000002, // failure
          data: JSON.stringify({
            body: 'Case record [Complete overhaul required (sample)](?pagetype=entityrecord&etn=incident&id=b1f670b2-6567-eb11-bb2b-000d3ac2be4d) assigned to you is **critically** past SLA and has been escalated to your manager.',
          }),
        };
        const second = await Xrm.WebApi.createRecord('appnotification', notificationRecord);
        // The custom-icon example as the seed wrote it: refused before sending, with the reason.
        let refused = '';
        try {
          await Xrm.WebApi.createRecord('appnotification', {
            title: 'Welcome',
            body: 'Welcome to the world of app notifications!',
            owner: owner,
            icontype: 100000005, // custom
            data: "{ 'data': { 'iconUrl': '/WebResources/cr245_AlertOn' } }",
          });
        } catch (error) {
          refused = `${error.code}: ${error.message}`;
        }
        const read = await Xrm.WebApi.retrieveRecord('appnotification', second.id, '?$select=title');
        const many = await Xrm.WebApi.retrieveMultipleRecords('appnotification', '?$select=title&$top=10');
        const updated = await Xrm.WebApi.updateRecord('appnotification', second.id, {
          title: 'SLA critical (updated)',
        });
        const deleted = await Xrm.WebApi.deleteRecord('appnotification', second.id);
        return {
          logs,
          secondId: second.id,
          refused,
          readTitle: read.title,
          count: many.entities.length,
          updated,
          deleted,
        };
      },
      { owner: f.alice.id, self: f.bob.id },
    );
    assert.match(results.logs[0], /^notification created with ID: [0-9a-f-]{36}$/);
    assert.match(results.refused, /^json\.single_quotes: .*single quotes/);
    assert.equal(results.readTitle, 'SLA critical');
    assert.deepEqual(results.updated, { id: results.secondId, entityType: 'appnotification' });
    assert.deepEqual(results.deleted, { id: results.secondId, entityType: 'appnotification' });
    await context.close();
  });
});
