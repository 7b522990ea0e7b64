// The package as a user gets it: `npm pack` in web/, the tarball installed into a fresh project
// (offline: the package has no dependencies), then used both ways in Chromium against a real
// appnotifyd: imported by name in a module page (through an import map, as a bundler would
// resolve it with the exports map) and loaded with one script tag in a plain page.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

import { addUser, startServer, tempDb } from '../server/harness.mjs';
import { launch, send } from './page.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const npm = (args, cwd) => execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd });

const page = (head, script) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>consumer</title>${head}</head>
<body><header id="bar"></header>${script}</body></html>`;

// Named references, and a link whose address holds one.
const REFERENCES = '&copy; 2026 &rarr; [report](/r?a=1&amp;b=2)';
// Names that are not references: a reference's prefix and more ("&not" + "it;"), unknown, wrong case.
const NOT_NAMES = ['notit', 'ampx', 'copyx', 'foo', 'Copy', 'AMp', 'x'];

describe('the npm package', () => {
  let project, tarball, server, browser, alice, bob, withTable;
  before(async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'appnotify-pack-'));
    const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', work], path.join(root, 'web')));
    tarball = { file: path.join(work, packed[0].filename), files: packed[0].files.map((f) => f.path).sort() };
    project = path.join(work, 'consumer');
    execFileSync('mkdir', ['-p', project]);
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    npm(['install', '--offline', tarball.file], project);
    // What the renderer gives from the named references' table (under node, where ready() reads it): the
    // HTML of REFERENCES, and the text of every name and of some that are not names.
    const render = `import { readFileSync } from 'node:fs';
      import { ready, renderMarkdown } from 'appnotify';
      await ready();
      const table = JSON.parse(readFileSync('node_modules/appnotify/dist/appnotify-entities.json', 'utf8'));
      const names = [...Object.keys(table), ...${JSON.stringify(NOT_NAMES)}];
      const texts = names.map((name) => renderMarkdown('a&' + name + ';b').text);
      console.log(JSON.stringify({ html: renderMarkdown(${JSON.stringify(REFERENCES)}).html, names, texts }));`;
    withTable = JSON.parse(
      execFileSync('node', ['--input-type=module', '-e', render], { cwd: project, encoding: 'utf8' }),
    );

    const db = tempDb();
    alice = addUser(db, 'Alice');
    bob = addUser(db, 'Bob', { canSend: true });
    const token = JSON.stringify(alice.token);
    // Each page's own script: a center in the header bar, and the user its appnotify-ready names.
    const startCenter = (api) => `window.center = ${api}createNotificationCenter({
      baseUrl: '/api/data/v9.2', getToken: () => ${token}, mount: document.querySelector('#bar') });
    window.center.addEventListener('appnotify-ready', (event) => (window.readyUser = event.detail.user));`;
    writeFileSync(
      path.join(project, 'module.html'),
      page(
        '<script type="importmap">{"imports":{"appnotify":"/node_modules/appnotify/dist/appnotify.mjs"}}</script>',
        `<script type="module">
          import { createNotificationCenter, ready, validateNotification } from 'appnotify';
          window.appnotify = { ready, validateNotification };
          await ready();
          ${startCenter('')}
        </script>`,
      ),
    );
    writeFileSync(
      path.join(project, 'classic.html'),
      page(
        '<script src="/node_modules/appnotify/dist/appnotify.js"></script>',
        `<script>${startCenter('AppNotify.')}</script>`,
      ),
    );
    // The classic script as the README loads it: async, the page's code queued for it.
    writeFileSync(
      path.join(project, 'classic-async.html'),
      page(
        '<script async src="/node_modules/appnotify/dist/appnotify.js"></script>',
        `<script type="module">(window.AppNotifyQueue ??= []).push((AppNotify) => { ${startCenter('AppNotify.')} });</script>`,
      ),
    );
    // What a page queues before the async script has run: two calls, the first of which throws.
    writeFileSync(
      path.join(project, 'queue.html'),
      page(
        '<script async src="/node_modules/appnotify/dist/appnotify.js"></script>',
        `<script>
          window.calls = [];
          (window.AppNotifyQueue ??= []).push(
            (api) => calls.push(['first', api === window.AppNotify]),
            () => { calls.push(['throws']); throw new Error('a queued call failed'); },
          );
          (window.AppNotifyQueue ??= []).push((api) => calls.push(['second', typeof api.createNotificationCenter]));
        </script>`,
      ),
    );
    // The classic script under a strict Content-Security-Policy: no inline script or style, no eval;
    // only WebAssembly compilation ('wasm-unsafe-eval'). The page's own script is a file, as CSP wants.
    writeFileSync(
      path.join(project, 'strict-csp.html'),
      page(
        `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; ` +
          `script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; connect-src 'self'">` +
          '<script src="/node_modules/appnotify/dist/appnotify.js"></script>',
        '<script src="/strict-csp.js"></script>',
      ),
    );
    writeFileSync(path.join(project, 'strict-csp.js'), startCenter('AppNotify.'));
    // A module worker: no DOM, so ready() reads the named references' table beside the module.
    writeFileSync(
      path.join(project, 'worker.mjs'),
      `import { ready, renderMarkdown, validateNotification } from '/node_modules/appnotify/dist/appnotify.mjs';
      await ready();
      const { errors } = validateNotification({ title: 'x', 'ownerid@odata.bind': '/systemusers(nope)' });
      postMessage({ html: renderMarkdown(${JSON.stringify(REFERENCES)}).html, codes: errors.map((e) => e.code) });`,
    );
    server = await startServer(db, ['--static', project]);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the tarball holds only what users need', () => {
    assert.deepEqual(tarball.files, [
      'LICENSE',
      'README.md',
      'dist/appnotify-entities.json',
      'dist/appnotify-locale-ar.mjs',
      'dist/appnotify-locale-de.mjs',
      'dist/appnotify-locale-es.mjs',
      'dist/appnotify-locale-fr.mjs',
      'dist/appnotify-locale-ja.mjs',
      'dist/appnotify-locale-pt-BR.mjs',
      'dist/appnotify-locale-zh-Hans.mjs',
      'dist/appnotify-main.mjs',
      'dist/appnotify-panel.mjs',
      'dist/appnotify-validate.wasm',
      'dist/appnotify-xrm.mjs',
      'dist/appnotify.d.ts',
      'dist/appnotify.js',
      'dist/appnotify.mjs',
      'dist/appnotify.wasm',
      'package.json',
    ]);
    const installed = readdirSync(path.join(project, 'node_modules/appnotify/dist')).sort();
    assert.deepEqual(installed, [
      'appnotify-entities.json',
      'appnotify-locale-ar.mjs',
      'appnotify-locale-de.mjs',
      'appnotify-locale-es.mjs',
      'appnotify-locale-fr.mjs',
      'appnotify-locale-ja.mjs',
      'appnotify-locale-pt-BR.mjs',
      'appnotify-locale-zh-Hans.mjs',
      'appnotify-main.mjs',
      'appnotify-panel.mjs',
      'appnotify-validate.wasm',
      'appnotify-xrm.mjs',
      'appnotify.d.ts',
      'appnotify.js',
      'appnotify.mjs',
      'appnotify.wasm',
    ]);
    const manifest = JSON.parse(readFileSync(path.join(project, 'node_modules/appnotify/package.json'), 'utf8'));
    assert.equal(manifest.exports['.'].import, './dist/appnotify.mjs');
    assert.equal(manifest.exports['./classic'], './dist/appnotify.js');
    assert.equal(manifest.types, './dist/appnotify.d.ts');
  });

  test('node resolves the package by name through its exports map, and the core runs there', () => {
    const script = `import { ready, validateNotification } from 'appnotify';
      await ready();
      const r = validateNotification({ title: 'x', 'ownerid@odata.bind': '/systemusers(nope)' });
      console.log(JSON.stringify(r.errors.map((e) => e.code)));`;
    const out = execFileSync('node', ['--input-type=module', '-e', script], { cwd: project, encoding: 'utf8' });
    assert.deepEqual(JSON.parse(out), ['owner.invalid_bind']);
  });

  test('in a page the browser decodes all 2,125 named references as the table does, and no others', async () => {
    const context = await browser.newContext();
    const tab = await context.newPage();
    await tab.goto(`${server.origin}/classic.html`);
    const texts = await tab.evaluate(async (names) => {
      await AppNotify.ready();
      return names.map((name) => AppNotify.renderMarkdown(`a&${name};b`).text);
    }, withTable.names);
    assert.equal(withTable.names.length, 2125 + NOT_NAMES.length);
    const wrong = withTable.names.filter((name, i) => texts[i] !== withTable.texts[i]);
    assert.deepEqual(wrong, []);
    await context.close();
  });

  test('in a worker, where no DOM decodes named references, ready() reads their table and renders exactly', async () => {
    const context = await browser.newContext();
    const tab = await context.newPage();
    const requested = [];
    context.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await tab.goto(`${server.origin}/classic.html`);
    const answer = await tab.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const worker = new Worker('/worker.mjs', { type: 'module' });
          worker.onmessage = (event) => resolve(event.data);
          worker.onerror = (event) => reject(new Error(event.message));
        }),
    );
    assert.deepEqual(answer, { html: withTable.html, codes: ['owner.invalid_bind'] });
    assert.ok(requested.includes('/node_modules/appnotify/dist/appnotify-entities.json'), 'the worker read the table');
    await context.close();
  });

  test('the async script runs what the page queued, in order, once, past one that throws, and later pushes at once', async () => {
    const context = await browser.newContext();
    const tab = await context.newPage();
    const errors = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    let release;
    const released = new Promise((resolve) => (release = resolve));
    await context.route('**/dist/appnotify.js', async (route) => {
      await released;
      await route.continue();
    });
    await tab.goto(`${server.origin}/queue.html`, { waitUntil: 'domcontentloaded' });
    assert.deepEqual(await tab.evaluate(() => [window.calls, typeof window.AppNotify]), [[], 'undefined']);
    release();
    await tab.waitForFunction(() => window.AppNotify);
    assert.deepEqual(await tab.evaluate(() => window.calls), [['first', true], ['throws'], ['second', 'function']]);
    assert.deepEqual(errors, ['a queued call failed'], 'the failed call is reported as an uncaught error');
    // Pushed after the script has run: called at once, before push returns.
    const now = await tab.evaluate(() => {
      window.AppNotifyQueue.push((api) => calls.push(['after', api === window.AppNotify]));
      return window.calls.at(-1);
    });
    assert.deepEqual(now, ['after', true]);
    assert.equal(await tab.evaluate(() => window.calls.length), 4, 'nothing ran twice');
    await context.close();
  });

  for (const kind of ['module', 'classic', 'classic-async', 'strict-csp']) {
    test(`a ${kind} page shows the bell, a toast and the count for a sent notification`, async () => {
      const context = await browser.newContext();
      const tab = await context.newPage();
      const problems = [];
      tab.on('pageerror', (error) => problems.push(error.message));
      tab.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
      tab.on('console', (m) => /Content.Security.Policy/i.test(m.text()) && problems.push(m.text()));
      const requested = [];
      tab.on('request', (r) => requested.push(new URL(r.url()).pathname));
      const fetched = (file) => requested.includes(`/node_modules/appnotify/dist/${file}`);
      const validatorFetched = () => fetched('appnotify-validate.wasm');
      await tab.goto(`${server.origin}/${kind}.html`);
      await tab
        .waitForFunction(() => window.center?.session?.transport?.streaming, null, { timeout: 5000 })
        .catch(() => {
          throw new Error(`the center did not start streaming: ${problems.join('; ')}`);
        });
      await tab.locator('#bar appnotify-center [data-appnotify-bell]').waitFor();
      assert.equal(await tab.evaluate(() => window.readyUser), alice.id, 'appnotify-ready names the user');
      const sent = await send({ server }, bob, { title: `Hello from ${kind}`, owner: alice.id, body: '**bold**' });
      assert.equal(sent.status, 204, sent.text);
      const toast = tab.locator(`[data-appnotify-toast="${sent.id}"]`);
      await toast.waitFor();
      assert.match(await toast.textContent(), new RegExp(`Hello from ${kind}`));
      assert.equal(await tab.locator('[data-appnotify-count]').textContent(), '1');
      const countPosition = await tab.evaluate(
        () => getComputedStyle(document.querySelector('appnotify-center').shadowRoot.querySelector('.count')).position,
      );
      assert.equal(countPosition, 'absolute', 'the center is styled');
      // The module page called ready(); the classic page only shows a center, so it has not downloaded
      // the validator until it validates.
      assert.equal(validatorFetched(), kind === 'module', 'only ready() downloads appnotify-validate.wasm');
      // A notification with named references: the browser decodes them for the renderer, so the first
      // drawing is exact (the link, whose address holds "&amp;", would wait for a table), and the table
      // is never downloaded, not even by ready().
      const marked = await send({ server }, bob, {
        title: 'References',
        owner: alice.id,
        data: JSON.stringify({ body: REFERENCES }),
      });
      assert.equal(marked.status, 204, marked.text);
      const body = tab.locator(`[data-appnotify-toast="${marked.id}"] .body`);
      await body.locator('a').waitFor();
      assert.equal((await body.textContent()).trim(), '\u00a9 2026 \u2192 report');
      assert.equal(await body.locator('a').getAttribute('href'), '/r?a=1&b=2');
      assert.equal(await body.evaluate((e) => e.innerHTML), withTable.html, 'drawn once, as the table renders it');
      const codes = await tab.evaluate(async () => {
        const api = window.appnotify ?? window.AppNotify;
        await api.ready();
        return api.validateNotification({ title: 'x', 'ownerid@odata.bind': '/systemusers(nope)' }).errors;
      });
      assert.deepEqual(
        codes.map((e) => e.code),
        ['owner.invalid_bind'],
      );
      assert.ok(validatorFetched(), 'ready() fetched the validator from beside the script');
      assert.equal(fetched('appnotify-entities.json'), false, 'the browser decodes named references');
      assert.deepEqual(problems, []);
      await context.close();
      // Dismissed through the API, so the next page starts from an empty center.
      for (const id of [sent.id, marked.id]) {
        await fetch(`${server.api}/appnotifications(${id})`, {
          method: 'DELETE',
          headers: { Authorization: `Bearer ${alice.token}` },
        });
      }
    });
  }
});
