// Actions and links: each navigation target, the cancelable appnotify-action event, host-only
// action types, and markdown rendered by the core in the page.
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, describe, test } from 'node:test';

import { artifacts, openPage, send, useSite } from './page.mjs';

describe('actions and markdown in Chromium', () => {
  const f = useSite();
  before(() =>
    cpSync(
      path.join(path.dirname(fileURLToPath(import.meta.url)), 'placement.html'),
      path.join(f.site.dir, 'placement.html'),
    ),
  );

  const withActions = (actions, extra = {}) => ({
    title: 'With actions',
    owner: f.alice.id,
    toasttype: 200000001,
    data: JSON.stringify({ actions, ...extra }),
  });

  async function openCenter(page, id) {
    await page.locator('[data-appnotify-bell]').click();
    const item = page.locator(`[data-appnotify-item="${id}"]`);
    await item.waitFor();
    return item;
  }

  test('inline navigates the page to the URL resolved against the app base', async () => {
    const { page, context } = await openPage(f.browser, f.site, f.alice);
    const sent = await send(
      f.site,
      f.bob,
      withActions([{ title: 'Go', data: { url: '?pagetype=entitylist&etn=incident' } }]),
    );
    const item = await openCenter(page, sent.id);
    await Promise.all([
      page.waitForURL(/pagetype=entitylist&etn=incident/),
      item.getByRole('button', { name: 'Go' }).click(),
    ]);
    await context.close();
  });

  test('newWindow opens a new tab without an opener', async () => {
    const { page, context } = await openPage(f.browser, f.site, f.alice);
    const sent = await send(
      f.site,
      f.bob,
      withActions([{ title: 'New', data: { url: '/?pagetype=dashboard', navigationTarget: 'newWindow' } }]),
    );
    const item = await openCenter(page, sent.id);
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      item.getByRole('button', { name: 'New' }).click(),
    ]);
    await popup.waitForLoadState();
    assert.match(popup.url(), /pagetype=dashboard/);
    assert.equal(await popup.evaluate(() => window.opener), null);
    await context.close();
  });

  test('dialog shows the target in an accessible modal dialog', async () => {
    const { page, context } = await openPage(f.browser, f.site, f.alice);
    const sent = await send(
      f.site,
      f.bob,
      withActions([
        { title: 'Peek', data: { url: '?pagetype=entityrecord&etn=account&id=1', navigationTarget: 'dialog' } },
      ]),
    );
    const item = await openCenter(page, sent.id);
    await item.getByRole('button', { name: 'Peek' }).click();
    const dialog = page.getByRole('dialog', { name: 'Peek' });
    await dialog.waitFor();
    assert.match(await dialog.locator('iframe').getAttribute('src'), /pagetype=entityrecord&etn=account&id=1/);
    assert.equal(page.url().includes('etn=account'), false, 'the page stays where it is');
    // The sender's page is sandboxed without allow-same-origin: though at the app's origin, it cannot
    // reach the app's page (nor the page it).
    const sandbox = await dialog.locator('iframe').getAttribute('sandbox');
    assert.match(sandbox, /allow-scripts/);
    assert.doesNotMatch(sandbox, /allow-same-origin/);
    await page.waitForFunction(() => {
      const frame = document.querySelector('appnotify-center').el.iframe;
      return frame.contentWindow && frame.contentDocument === null;
    });
    await context.close();
  });

  test('the host app can take over an action by cancelling appnotify-action; sidepane only tells it', async () => {
    const { page, context } = await openPage(f.browser, f.site, f.alice);
    await page.evaluate(() => {
      window.__actions = [];
      document.addEventListener('appnotify-action', (event) => {
        window.__actions.push({ kind: event.detail.kind, url: event.detail.url, title: event.detail.action?.title });
        if (event.detail.action?.title === 'Mine') event.preventDefault();
      });
    });
    const sent = await send(
      f.site,
      f.bob,
      withActions([
        { title: 'Mine', data: { url: '?pagetype=entitylist&etn=account' } },
        {
          title: 'Pane',
          data: { type: 'sidepane', navigationTarget: { pageType: 'entitylist', entityName: 'account' } },
        },
      ]),
    );
    const item = await openCenter(page, sent.id);
    const before = page.url();
    await item.getByRole('button', { name: 'Mine' }).click();
    await item.getByRole('button', { name: 'Pane' }).click();
    const actions = await page.evaluate(() => window.__actions);
    assert.deepEqual(
      actions.map((a) => [a.kind, a.title]),
      [
        ['url', 'Mine'],
        ['sidepane', 'Pane'],
      ],
    );
    assert.match(actions[0].url, /^http:\/\/127\.0\.0\.1:\d+\/\?pagetype=entitylist&etn=account$/);
    assert.equal(page.url(), before, 'neither navigated');
    await context.close();
  });

  test("with resolvePage, a sidepane action opens the host's page for its page input beside the app", async () => {
    const context = await f.browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.goto(`${f.site.server.origin}/placement.html?x=end&y=4px`);
    await page.waitForFunction(() => document.querySelector('appnotify-center')?.session?.transport?.streaming);
    const record = {
      pageType: 'entityrecord',
      entityName: 'account',
      entityId: '7d3c1a62-0000-4000-8000-000000000001',
    };
    const sent = await send(
      f.site,
      f.bob,
      withActions([
        {
          title: 'Account',
          data: { type: 'sidepane', paneOptions: { title: 'The account', width: 500 }, navigationTarget: record },
        },
        { title: 'Unsafe', data: { type: 'sidepane', navigationTarget: { pageType: 'custom' } } },
      ]),
    );
    const item = await openCenter(page, sent.id);
    const pane = () =>
      page.evaluate(() => {
        const { dialog, dialogTitle, iframe } = document.querySelector('appnotify-center').el;
        const r = dialog.getBoundingClientRect();
        return {
          open: dialog.open,
          side: dialog.classList.contains('side'),
          title: dialogTitle.textContent,
          src: iframe?.src,
          left: r.left,
          right: r.right,
          height: r.height,
        };
      });
    await item.getByRole('button', { name: 'Unsafe' }).click();
    assert.equal((await pane()).open, false, 'a URL the policy refuses opens nothing');
    await item.getByRole('button', { name: 'Account' }).click();
    await page.waitForFunction(() => document.querySelector('appnotify-center').el.dialog.open);
    const shown = await pane();
    assert.equal(shown.side, true);
    assert.equal(shown.title, 'The account');
    assert.equal(
      shown.src,
      `${f.site.server.origin}/placement.html?pagetype=entityrecord&etn=account&id=${record.entityId}`,
    );
    assert.deepEqual(
      [Math.round(shown.left), Math.round(shown.right), Math.round(shown.height)],
      [780, 1280, 720],
      'docked at the end, 500 px wide',
    );
    await page.screenshot({ path: path.join(artifacts, 'sidepane.png') });
    await context.close();
  });

  test('markdown renders as the core says; an app link is routed, an unsafe one is text', async () => {
    const { page, context } = await openPage(f.browser, f.site, f.alice);
    const sent = await send(f.site, f.bob, {
      title: 'Plain <b>title</b>',
      owner: f.alice.id,
      toasttype: 200000001,
      data: JSON.stringify({
        body: 'Call **[Jim](?pagetype=entityrecord&etn=contact&id=7)** _now_ or [not](javascript:alert(1))',
      }),
    });
    const item = await openCenter(page, sent.id);
    assert.equal(await item.locator('.title').textContent(), 'Plain <b>title</b>', 'plain title is text');
    assert.equal(await item.locator('.body strong a[data-appnotify-link="app"]').textContent(), 'Jim');
    assert.equal(await item.locator('.body em').textContent(), 'now');
    assert.equal(await item.locator('.body a').count(), 1, 'the javascript: link is only text');
    await Promise.all([page.waitForURL(/etn=contact&id=7/), item.locator('.body a').click()]);
    await context.close();
  });
});
