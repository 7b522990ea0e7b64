// The package in headless Chromium against a real appnotifyd on loopback (figures, not assertions):
//   - start-up: from the first script of a plain page to the bell shown and working (the end of the
//     first frame rendered with it; a click then opens the center, which says it is loading; beside it
//     the same page without appnotify, to its first frame, as the browser's own share; and the page
//     with the script deferred: its own first frame, and the bell's), to the
//     core ready (the wasm compiled, the engine holding what the page remembered: appnotify-ready),
//     and to "live" (the user's list loaded, the push stream open); cold HTTP cache, median of runs;
//   - a center holding 5,000 notifications: bell click to the end of the first frame rendered with the list
//     (median of cold opens, each on a fresh page),
//     scrolling all of it one step per frame (the frames' intervals, and the main-thread work each
//     step costs: the list's JS, style and layout), and the JS heap plus the wasm memory after it;
//   - delivery: from the sender's POST being answered to the toast being in the recipient's page
//     (reported by a MutationObserver in the page), over 200 sends with push.
// Writes build/bench/browser.json for scripts/bench.
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { launch } from '../browser/page.mjs';
import { addUser, startServer, tempDb } from '../server/harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RUNS = Number(process.env.APPNOTIFY_BENCH_STARTUP_RUNS || 21);
const LARGE = 5000;
const LARGE_OPENS = 5; // cold opens of the large center, each on a fresh page
const SENDS = 200;

const quantile = (values, q) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))];
const ms = (n) => Math.round(n * 100) / 100;

// One plain page: a mark, the classic script, and the center for the user whose token is in the URL.
const site = mkdtempSync(path.join(os.tmpdir(), 'appnotify-bench-site-'));
cpSync(path.join(root, 'web/dist'), path.join(site, 'dist'), { recursive: true });
writeFileSync(
  path.join(site, 'page.html'),
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>
<script>window.t0 = performance.now();</script>
<script src="/dist/appnotify.js"></script></head>
<body><header id="bar"></header><script>
  window.center = AppNotify.createNotificationCenter({
    baseUrl: '/api/data/v9.2',
    getToken: () => new URLSearchParams(location.search).get('token'),
    mount: document.querySelector('#bar'),
  });
  // The bell works from the moment it is there (a click before the core is ready opens the center,
  // which says it is loading): its time is the end of the first frame rendered with it.
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      if (window.center.shadowRoot.querySelector('[data-appnotify-bell]')) window.tBell = performance.now() - window.t0;
    };
    channel.port2.postMessage(0);
  });
  window.center.addEventListener('appnotify-ready', () => (window.tInteractive = performance.now() - window.t0));
  (function watch() {
    if (window.center.transport?.streaming) window.tLive = performance.now() - window.t0;
    else setTimeout(watch, 1);
  })();
</script></body></html>`,
);

// The same page without appnotify: the browser's own time to its first frame, measured the same way.
writeFileSync(
  path.join(site, 'empty.html'),
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>
<script>window.t0 = performance.now();</script></head>
<body><header id="bar"><button type="button">bell</button></header><script>
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => (window.tBell = performance.now() - window.t0);
    channel.port2.postMessage(0);
  });
</script></body></html>`,
);

// The same page with the script deferred (<script defer>, as a page that must not wait for it writes
// it): the page's own first frame, and the bell's, once the center is created at DOMContentLoaded.
writeFileSync(
  path.join(site, 'deferred.html'),
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>
<script>window.t0 = performance.now();</script>
<script defer src="/dist/appnotify.js"></script></head>
<body><header id="bar"><button type="button">menu</button></header><script>
  const afterFrame = (then) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = then;
    channel.port2.postMessage(0);
  });
  afterFrame(() => (window.tFrame = performance.now() - window.t0));
  document.addEventListener('DOMContentLoaded', () => {
    window.center = AppNotify.createNotificationCenter({
      baseUrl: '/api/data/v9.2',
      getToken: () => new URLSearchParams(location.search).get('token'),
      mount: document.querySelector('#bar'),
    });
    afterFrame(() => (window.tBell = performance.now() - window.t0));
  });
</script></body></html>`,
);

const db = tempDb();
const sender = addUser(db, 'Sender', { canSend: true });
const reader = addUser(db, 'Reader');
const heavy = addUser(db, 'Heavy');
const server = await startServer(db, ['--static', site]);
const browser = await launch();
const pageUrl = (user) => `${server.origin}/page.html?token=${user.token}`;

async function post(body) {
  const response = await fetch(`${server.api}/appnotifications`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${sender.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answered = process.hrtime.bigint();
  if (response.status !== 204) throw new Error(`create: ${response.status} ${await response.text()}`);
  return { id: /\(([0-9a-f-]{36})\)/.exec(response.headers.get('odata-entityid'))[1], answered };
}

async function openLive(user) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(pageUrl(user));
  await page.waitForFunction(() => window.tLive, null, { timeout: 60000 });
  return { context, page };
}

const figures = {};

// --- start-up ---
{
  const bell = [];
  const interactive = [];
  const live = [];
  const empty = [];
  const deferredFrame = [];
  const deferredBell = [];
  for (let i = 0; i < RUNS; i += 1) {
    const { context, page } = await openLive(reader);
    const t = await page.evaluate(() => ({ bell: window.tBell, interactive: window.tInteractive, live: window.tLive }));
    bell.push(t.bell);
    interactive.push(t.interactive);
    live.push(t.live);
    await context.close();
    // Taking turns with the empty page, so that a slow moment of the machine does not fall on one alone.
    const bare = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const emptyPage = await bare.newPage();
    await emptyPage.goto(`${server.origin}/empty.html`);
    await emptyPage.waitForFunction(() => window.tBell, null, { timeout: 60000 });
    empty.push(await emptyPage.evaluate(() => window.tBell));
    const deferredPage = await bare.newPage();
    await deferredPage.goto(`${server.origin}/deferred.html?token=${reader.token}`);
    await deferredPage.waitForFunction(() => window.tFrame && window.tBell, null, { timeout: 60000 });
    const d = await deferredPage.evaluate(() => ({ frame: window.tFrame, bell: window.tBell }));
    deferredFrame.push(d.frame);
    deferredBell.push(d.bell);
    await bare.close();
  }
  figures.startup = {
    deferredFrameMedianMs: ms(quantile(deferredFrame, 0.5)),
    deferredBellMedianMs: ms(quantile(deferredBell, 0.5)),
    runs: RUNS,
    bellMedianMs: ms(quantile(bell, 0.5)),
    bellP90Ms: ms(quantile(bell, 0.9)),
    interactiveMedianMs: ms(quantile(interactive, 0.5)),
    interactiveP90Ms: ms(quantile(interactive, 0.9)),
    liveMedianMs: ms(quantile(live, 0.5)),
    emptyPageMedianMs: ms(quantile(empty, 0.5)),
    targetMs: 30,
  };
}

// --- a center with 5,000 notifications ---
{
  let next = 0;
  const worker = async () => {
    while (next < LARGE) {
      const i = next++;
      await post({
        title: `Notification ${i}`,
        owner: heavy.id,
        body: `Order **${i}** shipped. [Track it](https://example.com/track/${i}) or reply to *the team*.`,
        priority: i % 10 === 0 ? 200000001 : 200000000,
        toasttype: 200000001, // hidden: this part measures the center, not toasts
      });
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  // Open: the click's work, then the frame that shows it, until that frame is rendered (a message
  // posted from its animation-frame callback arrives after the frame's style, layout and paint). Each
  // open is the first on a fresh page (nothing rendered or cached yet); the last page also scrolls.
  const opens = [];
  let context, page;
  for (let i = 0; i < LARGE_OPENS; i += 1) {
    await context?.close();
    ({ context, page } = await openLive(heavy));
    await page.waitForFunction((n) => window.center.order?.length === n, LARGE, { timeout: 60000 });
    opens.push(
      await page.evaluate(async () => {
        const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
        await frame();
        const rendered = () =>
          new Promise((resolve) =>
            requestAnimationFrame(() => {
              const channel = new MessageChannel();
              channel.port1.onmessage = resolve;
              channel.port2.postMessage(0);
            }),
          );
        const opened = performance.now();
        window.center.el.bell.click();
        await rendered();
        return performance.now() - opened;
      }),
    );
  }
  const cdp = await context.newCDPSession(page);
  const result = await page.evaluate(async () => {
    const c = window.center;
    const list = c.el.list;
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    const rows = c.shadowRoot.querySelectorAll('[data-appnotify-item]').length;
    // Scroll to the end, one step per frame, as a fast wheel would.
    const step = 600;
    const intervals = [];
    const work = [];
    let last = await frame();
    while (list.scrollTop + list.clientHeight < list.scrollHeight - 1) {
      const started = performance.now();
      list.scrollTop += step;
      c.renderList(); // what the scroll handler runs on the next frame, measured here with layout
      void list.offsetHeight;
      work.push(performance.now() - started);
      const now = await frame();
      intervals.push(now - last);
      last = now;
    }
    return { rows, intervals, work, wasmBytes: c.core.memoryBytes() };
  });
  const heap = await cdp.send('Runtime.getHeapUsage');
  figures.large = {
    notifications: LARGE,
    opens: LARGE_OPENS,
    openToFirstPaintMs: ms(quantile(opens, 0.5)),
    openToFirstPaintRangeMs: [ms(Math.min(...opens)), ms(Math.max(...opens))],
    rowsDrawn: result.rows,
    scrollFrames: result.intervals.length,
    frameIntervalMaxMs: ms(Math.max(...result.intervals)),
    frameIntervalP99Ms: ms(quantile(result.intervals, 0.99)),
    framesOver16Ms: result.intervals.filter((t) => t > 16.7 * 1.25).length,
    scrollWorkMaxMs: ms(Math.max(...result.work)),
    scrollWorkP99Ms: ms(quantile(result.work, 0.99)),
    jsHeapMb: ms(heap.usedSize / 1048576),
    wasmMemoryMb: ms(result.wasmBytes / 1048576),
    targets: { openToFirstPaintMs: 50, frameMs: 16, memoryMb: 50 },
  };
  await context.close();
}

// --- delivery: POST answered -> toast in the page ---
{
  const { context, page } = await openLive(reader);
  // The toast may come before the POST's answer does (the event is published first): then it counts as 0.
  const arrivals = new Map();
  const waiters = new Map();
  await page.exposeFunction('toastShown', (id) => {
    const at = process.hrtime.bigint();
    if (waiters.has(id)) waiters.get(id)(at);
    else arrivals.set(id, at);
  });
  await page.evaluate(() => {
    new MutationObserver((changes) => {
      for (const change of changes) {
        for (const node of change.addedNodes) {
          const id = node.dataset?.appnotifyToast;
          if (id) window.toastShown(id);
        }
      }
    }).observe(window.center.shadowRoot, { childList: true, subtree: true });
  });
  const delays = [];
  for (let i = 0; i < SENDS; i += 1) {
    const { id, answered } = await post({
      title: `Delivery ${i}`,
      owner: reader.id,
      body: 'Your report is **ready**.',
    });
    const at =
      arrivals.get(id) ??
      (await Promise.race([
        new Promise((resolve) => waiters.set(id, resolve)),
        new Promise((resolve) => setTimeout(() => resolve(null), 5000)),
      ]));
    delays.push(at === null ? 5000 : Math.max(0, Number(at - answered) / 1e6));
    await fetch(`${server.api}/appnotifications(${id})`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${reader.token}` },
    });
    await page.waitForFunction(
      (gone) => !window.center.shadowRoot.querySelector(`[data-appnotify-toast="${gone}"]`),
      id,
    );
  }
  figures.delivery = {
    sends: SENDS,
    p50Ms: ms(quantile(delays, 0.5)),
    p99Ms: ms(quantile(delays, 0.99)),
    maxMs: ms(Math.max(...delays)),
    targetP99Ms: 250,
  };
  await context.close();
}

await browser.close();
await server.stop();
mkdirSync(path.join(root, 'build/bench'), { recursive: true });
writeFileSync(path.join(root, 'build/bench/browser.json'), JSON.stringify(figures, null, 2));
console.log(JSON.stringify(figures, null, 2));
