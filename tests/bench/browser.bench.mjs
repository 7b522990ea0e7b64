// The package in headless Chromium against a real appnotifyd on loopback (figures, not assertions):
//   - start-up, on a page that loads the script as the README says (async, the center created by
//     a function the page's module script queues for it): the end of the page's first frame, against
//     the same page without appnotify (the browser's own share), with an empty async script and a
//     one-line module script (the README's script tags without appnotify) and with the script
//     deferred instead (the simpler form, which holds up the page's DOMContentLoaded); the end of the
//     first frame with the bell (shown and working: a click then opens the center, which says it is
//     loading); the core ready (the wasm compiled, the engine holding what the page remembered:
//     appnotify-ready); "live" (the user's list loaded, the push stream open); and, for comparison,
//     the page with a parser-blocking script in its head. Cold HTTP cache, median of runs;
//   - a center holding 5,000 notifications of three body lengths, every tenth expanded while
//     scrolling (rows of different heights): bell click to the end of the first frame rendered with
//     the list (median of cold opens, each on a fresh page), scrolling all of it one step per frame
//     (the frames' intervals, and the main-thread work each step costs: the list's JS, style and
//     layout), and the JS heap plus the wasm memory after it;
//   - delivery: from the sender's POST being answered to the toast being in the recipient's page
//     (reported by a MutationObserver in the page), over 200 sends with push.
// Writes build/bench/browser.json for scripts/bench.
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { launch } from '../browser/page.mjs';
import { NO_CALLER_LIMITS, addUser, startServer, tempDb } from '../server/harness.mjs';
import { ms, quantile, ratioInterval } from './stats.mjs';
import { create, timing } from './startup_scripts.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RUNS = Number(process.env.APPNOTIFY_BENCH_STARTUP_RUNS || 601);
const LARGE = 5000;
const LARGE_OPENS = Number(process.env.APPNOTIFY_BENCH_OPENS || 5); // first opens of the large center of each kind (after a pointer, cold), each on a fresh page
const SENDS = 200;

// Five plain pages, each timed from its first script by the same head script: the end of the page's
// first frame, and the end of the first frame with the bell in it (the bell works from the moment it
// is there: a click before the core is ready opens the center, which says it is loading). A page
// reports its figures itself, in a console message, once it has them all: the harness evaluates
// nothing in it while it loads (Playwright's injected script, about 1.5 ms of the page's main
// thread, would land before the first frame of some pages and not of others).
const site = mkdtempSync(path.join(os.tmpdir(), 'appnotify-bench-site-'));
cpSync(path.join(root, 'web/dist'), path.join(site, 'dist'), { recursive: true });
writeFileSync(path.join(site, 'blank.js'), '');
const writePage = (name, head, body) =>
  writeFileSync(
    path.join(site, name),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>
${timing}${head}</head><body><header id="bar"><button type="button">menu</button></header>${body}</body></html>`,
  );
// As the README writes it: the script async, the center created by what the page's module script
// queues for it (run when the script has run, whichever comes first).
writePage(
  'page.html',
  '<script async src="/dist/appnotify.js"></script>',
  `<script type="module">(window.AppNotifyQueue ??= []).push((AppNotify) => {${create}});</script>`,
);
// The same page without appnotify (its own bell button instead): the browser's share.
const ownBell = '<button type="button" id="bell">bell</button>';
writePage('empty.html', '', ownBell);
// The README's shape without appnotify: an empty async script and a one-line module script (the
// page's own code, which creates the center in page.html): what the page costs itself by loading
// scripts that way, so that page.html against it is appnotify's own share.
writePage(
  'scripted.html',
  '<script async src="/blank.js"></script>',
  `${ownBell}<script type="module">window.scripted = true;</script>`,
);
// The simpler form: the script deferred, the center created by a module script (deferred too).
writePage(
  'deferred.html',
  '<script defer src="/dist/appnotify.js"></script>',
  `<script type="module">${create}</script>`,
);
// A parser-blocking script in the head, and the center created as the page is parsed.
writePage('blocking.html', '<script src="/dist/appnotify.js"></script>', `<script>${create}</script>`);

const db = tempDb();
const sender = addUser(db, 'Sender', { canSend: true });
const reader = addUser(db, 'Reader');
const heavy = addUser(db, 'Heavy');
const server = await startServer(db, ['--static', site, ...NO_CALLER_LIMITS]);
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
// One tab, navigated to the pages in turn with its HTTP cache off (every load is cold): a new
// tab's process start would add the same 10-40 ms of noise to each.
{
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const load = async (name) => {
    // From a blank page each time: the previous page's teardown (its stream, its wasm) is not left to
    // slow the next load.
    await tab.goto('about:blank');
    const reported = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name}: no figures in 60 s`)), 60000);
      const onMessage = (message) => {
        if (!message.text().startsWith('appnotify-bench:')) return;
        tab.off('console', onMessage);
        clearTimeout(timer);
        resolve(JSON.parse(message.text().slice('appnotify-bench:'.length)));
      };
      tab.on('console', onMessage);
    });
    await tab.goto(`${server.origin}/${name}?token=${reader.token}`, { waitUntil: 'commit' });
    return reported;
  };
  const runs = { empty: [], deferred: [], scripted: [], page: [], blocking: [] };
  const pages = Object.keys(runs);
  for (let i = 0; i < RUNS; i += 1) {
    // Taking turns, each page first in as many rounds as the others, so that neither a slow moment of
    // the machine nor the place in the round falls on one page alone.
    const first = i % pages.length;
    for (const key of [...pages.slice(first), ...pages.slice(0, first)]) runs[key].push(await load(`${key}.html`));
  }
  await context.close();
  const at = (q) => (list, key) =>
    ms(
      quantile(
        list.map((t) => t[key]),
        q,
      ),
    );
  const [median, p90] = [at(0.5), at(0.9)];
  const emptyFrame = median(runs.empty, 'frame');
  const frame = median(runs.page, 'frame');
  figures.startup = {
    runs: RUNS,
    emptyFrameMedianMs: emptyFrame,
    frameMedianMs: frame,
    frameRatio: Math.round((frame / emptyFrame) * 100) / 100,
    frameRatioInterval: ratioInterval(
      runs.page.map((t) => t.frame),
      runs.empty.map((t) => t.frame),
    ),
    deferredPageFrameMedianMs: median(runs.deferred, 'frame'),
    deferredPageFrameRatioInterval: ratioInterval(
      runs.deferred.map((t) => t.frame),
      runs.empty.map((t) => t.frame),
    ),
    scriptedFrameMedianMs: median(runs.scripted, 'frame'),
    scriptedFrameRatioInterval: ratioInterval(
      runs.scripted.map((t) => t.frame),
      runs.empty.map((t) => t.frame),
    ),
    ownShareRatioInterval: ratioInterval(
      runs.page.map((t) => t.frame),
      runs.scripted.map((t) => t.frame),
    ),
    bellMedianMs: median(runs.page, 'bell'),
    bellP90Ms: p90(runs.page, 'bell'),
    bellInFirstFrame: runs.page.filter((t) => t.bellInFirstFrame).length,
    interactiveMedianMs: median(runs.page, 'interactive'),
    interactiveP90Ms: p90(runs.page, 'interactive'),
    liveMedianMs: median(runs.page, 'live'),
    deferredPageBellMedianMs: median(runs.deferred, 'bell'),
    blockingFrameMedianMs: median(runs.blocking, 'frame'),
    blockingBellMedianMs: median(runs.blocking, 'bell'),
    targetRatio: 1.1,
    targetBellMs: 30,
  };
}

// --- a center with 5,000 notifications ---
{
  // Bodies of three lengths in turn, so that the rows' heights differ: one that fits on a line, and
  // two that a row clamps on its second line (it offers to show the rest).
  const bodies = [
    (i) => `Order **${i}** shipped.`,
    (i) =>
      `Order **${i}** shipped from the central warehouse this morning. [Track it](https://example.com/track/${i}) or reply to *the team* if the delivery address has changed since you ordered.`,
    (i) =>
      `SLA critical: case **${i}** has breached its first-response target and is escalated to the duty manager. The customer, a priority account, reported that invoices cannot be exported since the last release; two earlier cases on the same subject were closed without a fix. [Open the case](https://example.com/case/${i}), review the history, and reply to *the customer* within the hour.`,
  ];
  let next = 0;
  const worker = async () => {
    while (next < LARGE) {
      const i = next++;
      await post({
        title: `Notification ${i}`,
        owner: heavy.id,
        body: bodies[i % 3](i),
        priority: i % 10 === 0 ? 200000001 : 200000000,
        toasttype: 200000001, // hidden: this part measures the center, not toasts
      });
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  // Open: the click's work, then the frame that shows it, until that frame is rendered (a message
  // posted from its animation-frame callback arrives after the frame's style, layout and paint). Each
  // open is the first on a fresh page (nothing rendered or cached yet); the last page also scrolls.
  // Pages take turns: on one a pointer reaches the bell first, as a mouse's does before its click, and the
  // panel's part is fetched then; on the next the click comes alone and fetches it (a cold open).
  const opens = [];
  const coldOpens = [];
  let context, page;
  for (let i = 0; i < 2 * LARGE_OPENS; i += 1) {
    const cold = i % 2 === 1;
    await context?.close();
    ({ context, page } = await openLive(heavy));
    await page.waitForFunction((n) => window.center.session?.order?.length === n, LARGE, { timeout: 60000 });
    (cold ? coldOpens : opens).push(
      await page.evaluate(async (cold) => {
        if (!cold) {
          window.center.el.bell.dispatchEvent(new PointerEvent('pointerenter'));
          await window.center.session.loadPanel();
        }
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
        await window.center.session.loadPanel(); // a cold open fetches the panel's part here
        await rendered();
        return performance.now() - opened;
      }, cold),
    );
  }
  const cdp = await context.newCDPSession(page);
  const result = await page.evaluate(async () => {
    const c = window.center;
    const list = c.el.list;
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    const rows = c.shadowRoot.querySelectorAll('[data-appnotify-item]').length;
    // Every tenth notification expanded, as a user who opened some would have them: those rows show
    // all of their body when they are drawn.
    for (let i = 0; i < c.session.order.length; i += 10) c.session.panel.list.expanded.add(c.session.order[i]);
    // Scroll to the end, one step per frame, as a fast wheel would.
    const step = 600;
    const intervals = [];
    const work = [];
    let last = await frame();
    while (list.scrollTop + list.clientHeight < list.scrollHeight - 1) {
      const started = performance.now();
      list.scrollTop += step;
      c.session.panel.list.render(); // what the scroll handler runs on the next frame, measured here with layout
      void list.offsetHeight;
      work.push(performance.now() - started);
      const now = await frame();
      intervals.push(now - last);
      last = now;
    }
    // The heights the list measured, one per row it drew (every row, by the end of the scroll).
    const heights = [...c.session.panel.list.heights.values()];
    return {
      rows,
      intervals,
      work,
      measured: heights.length,
      heights: [Math.min(...heights), Math.max(...heights)],
      wasmBytes: c.session.core.memoryBytes(),
    };
  });
  const heap = await cdp.send('Runtime.getHeapUsage');
  figures.large = {
    notifications: LARGE,
    opens: LARGE_OPENS,
    openToFirstPaintMs: ms(quantile(opens, 0.5)),
    openToFirstPaintRangeMs: [ms(Math.min(...opens)), ms(Math.max(...opens))],
    coldOpenMs: ms(quantile(coldOpens, 0.5)),
    coldOpenRangeMs: [ms(Math.min(...coldOpens)), ms(Math.max(...coldOpens))],
    rowsDrawn: result.rows,
    rowsMeasured: result.measured,
    rowHeightsPx: result.heights,
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
