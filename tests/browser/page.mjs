// The browser ring's fixtures: a real appnotifyd serving the demo page and the built package, and
// Debian's Chromium driven by playwright-core.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, beforeEach } from 'node:test';
import { chromium } from 'playwright-core';

import { addUser, startServer, tempDb } from '../server/harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const artifacts = path.join(root, 'test-results');

// `serverArgs`: more flags for appnotifyd (also after a restart).
export async function startSite(serverArgs = []) {
  const site = mkdtempSync(path.join(os.tmpdir(), 'appnotify-site-'));
  cpSync(path.join(root, 'web/demo'), site, { recursive: true });
  cpSync(path.join(root, 'web/dist'), path.join(site, 'dist'), { recursive: true });
  const db = tempDb();
  const users = [
    { key: 'alice', ...addUser(db, 'Alice') },
    { key: 'bob', ...addUser(db, 'Bob', { canSend: true }), canSend: true },
  ];
  writeFileSync(path.join(site, 'users.json'), JSON.stringify(users));
  const server = await startServer(db, ['--static', site, ...serverArgs]);
  return {
    server,
    db,
    dir: site,
    users: Object.fromEntries(users.map((u) => [u.key, u])),
    /** Stops the server and starts it again on the same port and file (a restart, as a page sees it). */
    async restart() {
      await this.server.stop();
      const port = Number(new URL(this.server.origin).port);
      this.server = await startServer(db, ['--static', site, ...serverArgs], { port });
    },
  };
}

export async function launch() {
  mkdirSync(artifacts, { recursive: true });
  return chromium.launch({
    executablePath: process.env.APPNOTIFY_CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
}

/** Sends a notification through the Web API as `sender`. */
export async function send(site, sender, record) {
  const response = await fetch(`${site.server.api}/appnotifications`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${sender.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(record),
  });
  const id = /\(([0-9a-f-]{36})\)/.exec(response.headers.get('odata-entityid') ?? '')?.[1];
  return { status: response.status, id, text: response.status >= 400 ? await response.text() : '' };
}

/** Opens the demo page as `user`, with the page's clock under the test's control. */
export async function openPage(browser, site, user, { theme = 'light' } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('dialog', async (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    await dialog.dismiss();
  });
  await page.clock.install();
  await page.goto(`${site.server.origin}/?user=${user.key}&theme=${theme}`);
  // Ready when the center has loaded its (possibly empty) list and opened its push stream.
  await page.waitForFunction(() => {
    const center = document.querySelector('appnotify-center');
    return center?.session?.state && center.session.transport?.streaming;
  });
  return { page, context, problems };
}

/**
 * Scrolls the open center's list to `to` (pixels, or 'end'), then waits until the rows drawn cover
 * the view. The page's clock is the test's, so its animation frames are not the renderer's: waiting
 * for a number of them would not mean the list had been drawn.
 */
export async function scrollCenter(page, to) {
  await page.evaluate((where) => {
    const list = document.querySelector('appnotify-center').el.list;
    list.scrollTop = where === 'end' ? list.scrollHeight : where;
  }, to);
  await page.waitForFunction(() => {
    const { list, spacer } = document.querySelector('appnotify-center').el;
    const rows = spacer.querySelectorAll('[data-appnotify-item]');
    if (rows.length === 0) return false;
    const first = rows[0];
    const last = rows[rows.length - 1];
    const bottom = Math.min(list.scrollTop + list.clientHeight, spacer.offsetHeight);
    return first.offsetTop <= list.scrollTop && last.offsetTop + last.offsetHeight >= bottom;
  });
}

// Moves the page's clock past reconnect delays until its stream is live again (at most six times):
// whether it is, in the end.
export async function reconnected(page) {
  const streaming = () => page.evaluate(() => document.querySelector('appnotify-center').session.transport.streaming);
  for (let i = 0; i < 6 && !(await streaming()); i += 1) {
    await page.clock.runFor(31000); // past the longest reconnect delay
    // The attempt itself is real network I/O: wait for its outcome, not for time.
    await page
      .waitForFunction(() => document.querySelector('appnotify-center').session.transport.streaming, null, {
        timeout: 2000,
      })
      .catch(() => {});
  }
  return streaming();
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's findings (WCAG 2.1 A/AA and best practice) in the center, one string each. */
export async function axeScan(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const result = await window.axe.run(document.querySelector('appnotify-center'), {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
}

/** Deletes every notification of `user`, so that each test starts from an empty center. */
export async function clear(site, user) {
  const headers = { Authorization: `Bearer ${user.token}` };
  const list = await (await fetch(`${site.server.api}/appnotifications?$select=title`, { headers })).json();
  for (const { appnotificationid } of list.value) {
    await fetch(`${site.server.api}/appnotifications(${appnotificationid})`, { method: 'DELETE', headers });
  }
}

/**
 * The fixture every browser suite shares: a site and a browser for the suite (before/after hooks
 * registered here), and an empty center for Alice before each test. Fields are filled in `before`.
 */
export function useSite({ clearBeforeEach = true } = {}) {
  const fixture = {};
  before(async () => {
    fixture.site = await startSite();
    fixture.browser = await launch();
    Object.assign(fixture, fixture.site.users);
  });
  if (clearBeforeEach) beforeEach(() => clear(fixture.site, fixture.alice));
  after(async () => {
    await fixture.browser?.close();
    await fixture.site?.server.stop();
  });
  return fixture;
}
