// Writes docs/benchmarks.md from the figures the benchmarks left in build/bench/*.json.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { browserSection } from './report_browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (name) => {
  const file = path.join(root, 'build/bench', `${name}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
};
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const ratio = (n) => `${n.toFixed(2)}x`;
const verdict = (value, target) => (value >= target ? 'met' : 'not met');
// A row of a five-column table: `met` is true, false, or null for a figure without a target.
const row = (what, value, target, met, note = '') =>
  `| ${what} | ${value} | ${target} | ${met === null ? '' : met ? 'met' : 'not met'} | ${note} |`;

const lines = [
  '# Benchmarks',
  '',
  `Written by \`scripts/bench\` on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} cores ` +
    `(${os.cpus()[0]?.model.trim()}), node ${process.version}. Figures are medians of interleaved rounds, from ` +
    'one run: on this shared 2-core VM repeated runs differ by up to a third, most in the browser figures.',
  '',
];

const markdown = read('markdown');
if (markdown) {
  const d = markdown.docsPerSecond;
  const r = markdown.ratios;
  lines.push(
    '## Markdown rendering',
    '',
    `Corpus: ${markdown.corpus.docs} notification bodies of ${markdown.corpus.averageBytes} bytes on average ` +
      '(links, emphasis, lists, line breaks). Peers run with raw HTML off and autolinks and line breaks on, as ours.',
    '',
    '| renderer | bodies/s |',
    '|---|---:|',
    `| appnotify native (C++, md4c parser) | ${fmt(d.native)} |`,
    `| appnotify wasm, one call per body (boundary included) | ${fmt(d.wasmPerCall)} |`,
    `| appnotify wasm, batch of 1000 (boundary included) | ${fmt(d.wasmBatch)} |`,
    `| markdown-it 15 | ${fmt(d.markdownIt)} |`,
    `| marked | ${fmt(d.marked)} |`,
    '',
    '| ratio | measured | target | |',
    '|---|---:|---:|---|',
    `| wasm / markdown-it | ${ratio(r.wasmOverMarkdownIt)} | 4x | ${verdict(r.wasmOverMarkdownIt, 4)} |`,
    `| wasm / marked | ${ratio(r.wasmOverMarked)} | 3x | ${verdict(r.wasmOverMarked, 3)} |`,
    `| wasm / native | ${ratio(r.wasmOverNative)} | 0.70x | ${verdict(r.wasmOverNative, 0.7)} |`,
    '',
  );
}

const center = read('center');
if (center) {
  lines.push(
    '## Notification center engine',
    '',
    '| measurement | measured | target | |',
    '|---|---:|---:|---|',
    `| wasm: ingest ${fmt(center.notifications)} records and answer the ordered list (median) | ` +
      `${center.medianMs.toFixed(2)} ms | < ${center.targetMs} ms | ${center.medianMs < center.targetMs ? 'met' : 'not met'} |`,
    `| same, 90th percentile | ${center.p90Ms.toFixed(2)} ms | | |`,
    '',
  );
}

const expiry = read('expiry');
if (expiry) {
  const { targets } = expiry;
  const line = (store, kind, label) => {
    const { before, during } = store;
    const growth = during[kind].p99Ms / before[kind].p99Ms;
    return row(
      `${store.store}: ${label}, p99 (slowest) during the sweep against just before it`,
      `${during[kind].p99Ms.toFixed(1)} ms (${during[kind].maxMs.toFixed(0)} ms) against ` +
        `${before[kind].p99Ms.toFixed(1)} ms (${before[kind].maxMs.toFixed(0)} ms): ${ratio(growth)}`,
      `<= ${targets.p99Ratio}x, none over ${fmt(targets.maxMs)} ms`,
      growth <= targets.p99Ratio && during[kind].maxMs < targets.maxMs,
      `${fmt(during[kind].perSecond)}/s during, ${fmt(before[kind].perSecond)}/s before, ${during[kind].errors} errors`,
    );
  };
  const [first] = expiry.stores;
  lines.push(
    '## Expiry storm (SQLite and PostgreSQL)',
    '',
    `${fmt(first.storm)} notifications (1,000 users x 1,000) expire in the same millisecond, on each store in turn. ` +
      'The sweep deletes at most 200 rows per transaction; while requests keep coming, its batches take at most a ' +
      'quarter of the writer thread (after a batch that took d, the requests have 3d). ' +
      'Load: polls (page cache off: every poll reads the database) and creates, 32 clients each, at the same time, ' +
      'from the expiry to the end of the sweep (one run each of wrk, interrupted when the sweep was done). ' +
      'The expired records were invisible from their first millisecond.',
    '',
    ...expiry.stores.map(
      (store) =>
        `- ${store.store}: the sweep deleted them in ${fmt(store.sweep.transactions)} transactions of at most 200 rows ` +
        `in ${(store.sweep.ms / 1000).toFixed(1)} s, under the load above; writing them into the table took ` +
        `${store.insertSeconds} s.`,
    ),
    '',
    '| measurement | measured | target | | note |',
    '|---|---:|---:|---|---|',
    ...expiry.stores.flatMap((store) => [
      line(store, 'polls', 'polls'),
      line(store, 'creates', 'acknowledged creates'),
    ]),
    '',
  );
}

const growth = read('growth');
if (growth) {
  lines.push(
    '## Poll latency as the store grows (SQLite and PostgreSQL)',
    '',
    "The same user's poll (a page of 50 of their 100, page cache off: every poll reads the database), 32 clients, " +
      'against two databases taking turns on each store: one with ' +
      `${fmt(growth.stores[0].sizes[0].stored)} notifications in all, one with ${fmt(growth.stores[0].sizes[1].stored)} ` +
      "(1,000 other users'). PostgreSQL's tables were vacuumed and analyzed after they were written, as autovacuum " +
      'would have done by the time a table that size serves.',
    '',
    '| store | stored | polls/s | p99 |',
    '|---|---:|---:|---:|',
    ...growth.stores.flatMap((store) =>
      store.sizes.map((s) => `| ${store.store} | ${fmt(s.stored)} | ${fmt(s.perSecond)} | ${s.p99Ms.toFixed(1)} ms |`),
    ),
    '',
    ...growth.stores.map(
      (store) =>
        `${store.store}: p99 growth ${ratio(store.p99Growth)} (goal: flat within 30%, at most ${ratio(growth.target)}): ` +
        `${store.p99Growth <= growth.target ? 'met' : 'not met'}.`,
    ),
    '',
  );
}

const cluster = read('cluster');
if (cluster) {
  const { creates, polls, crossInstance, streams, eventCommits } = cluster;
  const rate = (r) => `${fmt(r.perSecond)}/s`;
  const note = (r) => `p99 ${r.p99Ms.toFixed(1)} ms, ${r.errors} errors`;
  const delivery = (d) => `${d.p99Ms.toFixed(1)} ms (${d.p50Ms.toFixed(1)} ms)`;
  const perCommit = (r) =>
    `; ${fmt(r.commitsPerSecond)} group commits/s, ${(r.storedPerSecond / r.commitsPerSecond).toFixed(0)} creates each`;
  lines.push(
    '## Several instances on PostgreSQL (beside one on SQLite, same run)',
    '',
    'PostgreSQL 15 (Debian, default settings, fsync on) in a private cluster, two appnotifyd instances with their ' +
      'default 8 I/O threads, and HAProxy 2.6 (scripts/balancer) in front of them, all on this 2-core machine with ' +
      `the load generator (wrk, 64 clients). Rates are means of ${cluster.rounds} interleaved runs of ${cluster.seconds} s; ` +
      'p99 the highest. The page cache is off on PostgreSQL (another instance may have written), so every poll there ' +
      'reads the database.',
    '',
    '| measurement | SQLite, one instance | PostgreSQL, one instance | PostgreSQL, two instances through HAProxy |',
    '|---|---:|---:|---:|',
    `| acknowledged creates/s | ${rate(creates.sqlite)} (${note(creates.sqlite)}) | ${rate(creates.postgresOne)} ` +
      `(${note(creates.postgresOne)}${perCommit(creates.postgresOne)}) | ${rate(creates.postgresBalanced)} ` +
      `(${note(creates.postgresBalanced)}${perCommit(creates.postgresBalanced)}) |`,
    `| polls/s, a page of 50 | ${rate(polls.sqlite)} cached, ${rate(polls.sqliteUncached)} uncached ` +
      `(${note(polls.sqliteUncached)}) | ${rate(polls.postgresOne)} (${note(polls.postgresOne)}) | ` +
      `${rate(polls.postgresBalanced)} (${note(polls.postgresBalanced)}) |`,
    '',
    '| measurement | measured | target | | note |',
    '|---|---:|---:|---|---|',
    row(
      `cross-instance delivery: POST answered by A -> event on B's stream, ${crossInstance.idle.sends} sends, p99 (p50)`,
      delivery(crossInstance.idle),
      '< 100 ms',
      crossInstance.idle.p99Ms < 100,
      `slowest ${crossInstance.idle.maxMs.toFixed(1)} ms`,
    ),
    row(
      `same while 16 other clients create through the balancer (${crossInstance.underLoad.sends} sends)`,
      delivery(crossInstance.underLoad),
      '< 100 ms',
      crossInstance.underLoad.p99Ms < 100,
      `slowest ${crossInstance.underLoad.maxMs.toFixed(1)} ms; the load meanwhile ${rate(crossInstance.load)} ` +
        `(${note(crossInstance.load)})`,
    ),
    row(
      'open push streams held, over the two instances',
      fmt(streams.streams),
      '10,000',
      streams.streams >= 10000,
      `resident memory ${streams.residentMb.a} MB (A) and ${streams.residentMb.b} MB (B); each user's streams on one instance`,
    ),
    row(
      `with them: POST answered by A -> event on B's streams (and B to A), ${streams.crossInstance.aToB.sends} sends each`,
      `${delivery(streams.crossInstance.aToB)}; ${delivery(streams.crossInstance.bToA)}`,
      '< 100 ms',
      Math.max(streams.crossInstance.aToB.p99Ms, streams.crossInstance.bToA.p99Ms) < 100,
    ),
    '',
    'What the database allows the commits that carry events (pgbench on the same database while both instances ' +
      'listen, each commit one event row): commits/s.',
    '',
    '| clients | event insert alone | with pg_notify | with pg_notify and the event-id lock (what appnotifyd does) |',
    '|---:|---:|---:|---:|',
    ...Object.keys(eventCommits.insert).map(
      (clients) =>
        `| ${clients} | ${fmt(eventCommits.insert[clients])} | ${fmt(eventCommits.notify[clients])} | ` +
        `${fmt(eventCommits.lockAndNotify[clients])} |`,
    ),
    '',
  );
}

const server = read('server');
if (server) {
  const t = server.targets;
  lines.push(
    '## Server (appnotifyd on loopback, 2 I/O threads, load generator on the same machine)',
    '',
    '| measurement | measured | target | | note |',
    '|---|---:|---:|---|---|',
    row(
      'acknowledged creates/s, 64 concurrent clients',
      fmt(server.creates.perSecond),
      `>= ${fmt(t.createsPerSecond)}`,
      server.creates.perSecond >= t.createsPerSecond,
      `p99 ${server.creates.p99Ms.toFixed(1)} ms, ${server.creates.errors} errors`,
    ),
    row(
      'owner-filtered polls/s, a page of 50 (repeated polls of an unchanged center)',
      fmt(server.polls.perSecond),
      `>= ${fmt(t.pollsPerSecond)}`,
      server.polls.perSecond >= t.pollsPerSecond,
      `p99 ${server.polls.p99Ms.toFixed(1)} ms, ${server.polls.errors} errors; answered from the page cache, ` +
        "which every write of the user's and every expiry in the page invalidates",
    ),
    row(
      'same polls with the page cache off (--page-cache-mb 0): every poll reads SQLite',
      fmt(server.pollsUncached.perSecond),
      '',
      null,
      `p99 ${server.pollsUncached.p99Ms.toFixed(1)} ms, ${server.pollsUncached.errors} errors`,
    ),
    row(
      'cached polls with a JWT (RS256) instead of the static token, same user, taking turns',
      fmt(server.pollsJwt.perSecond),
      '>= 80% of static',
      server.pollsJwt.perSecond >= 0.8 * server.polls.perSecond,
      `${((100 * server.pollsJwt.perSecond) / server.polls.perSecond).toFixed(0)}% of the static token's rate; ` +
        `p99 ${server.pollsJwt.p99Ms.toFixed(1)} ms, ${server.pollsJwt.errors} errors`,
    ),
    row(
      'uncached polls with a JWT',
      fmt(server.pollsUncachedJwt.perSecond),
      '>= 80% of static',
      server.pollsUncachedJwt.perSecond >= 0.8 * server.pollsUncached.perSecond,
      `${((100 * server.pollsUncachedJwt.perSecond) / server.pollsUncached.perSecond).toFixed(0)}% of the static ` +
        `token's rate; p99 ${server.pollsUncachedJwt.p99Ms.toFixed(1)} ms, ${server.pollsUncachedJwt.errors} errors`,
    ),
    row('open push streams held', fmt(server.push.streams), `${fmt(t.streams)}`, server.push.streams >= t.streams),
    row(
      'server resident memory with them',
      `${server.push.residentMb} MB`,
      `< ${t.residentMb} MB`,
      server.push.residentMb < t.residentMb,
    ),
    row(
      'POST answered -> event on the stream, p99 (p50)',
      `${server.push.deliveryP99Ms.toFixed(1)} ms (${server.push.deliveryP50Ms.toFixed(1)} ms)`,
      `< ${t.deliveryP99Ms} ms`,
      server.push.deliveryP99Ms < t.deliveryP99Ms,
      `from the POST being sent: p99 ${server.push.sinceRequestP99Ms.toFixed(1)} ms (p50 ${server.push.sinceRequestP50Ms.toFixed(1)} ms)`,
    ),
    '',
    "A JWT the server has not seen before is verified once, then its verdict is cached by the token's SHA-256 " +
      'until it expires or the keys change (a page sends the same token for an hour): verifying one took ' +
      Object.entries(server.jwtVerify)
        .map(([alg, r]) => `${alg} ${r.microseconds.toFixed(0)} µs`)
        .join(', ') +
      ` (an Entra ID-sized token of ${server.jwtVerify.RS256.tokenBytes} bytes, OpenSSL 3).`,
    '',
    `Raw SQLite on this machine, same run: ${fmt(server.rawSqlite.rowsPerSecondOneFsyncEach)} rows/s with one fsync per row ` +
      `(what one commit per request would allow), ${fmt(server.rawSqlite.rowsPerSecondOneTransaction)} rows/s in one transaction. ` +
      'appnotifyd group-commits: many requests share one transaction and one fsync, and each is answered only after it.',
    '',
  );
}

lines.push(...browserSection(read('browser'), { fmt, ratio, verdict, row }));

// Written by the browser ring's sync test (tests/browser/sync.test.mjs), not by a benchmark.
const sync = read('sync');
if (sync) {
  const cost = (t) => `${fmt(t.received)} bytes received, ${fmt(t.sent)} sent`;
  lines.push(
    `## Sync (Chromium, ${fmt(sync.stored)} notifications stored, nothing new; bytes both ways, headers included)`,
    '',
    '| what the page does | transferred | target | |',
    '|---|---:|---:|---|',
    `| the whole list (the first download) | ${fmt(sync.full)} bytes received | | |`,
    `| a reconnect: the stream resumes, then a delta link is read | ${cost(sync.reconnect)} | < ${fmt(sync.budget)} received | ${sync.reconnect.received < sync.budget ? 'met' : 'not met'} |`,
    `| a focus after a sleep (stream quiet > 45 s): the same | ${cost(sync.focus)} | < ${fmt(sync.budget)} received | ${sync.focus.received < sync.budget ? 'met' : 'not met'} |`,
    '| a focus while the stream is live | 0 (no request) | 0 | met |',
    '',
    'What the browser sends is mostly its own headers (user agent, client hints) and the bearer token: the same for any request, whatever is stored.',
    '',
  );
}

const size = read('size');
if (size) {
  lines.push(
    '## Package size (gzip -9 of what a page downloads; the CSS is inside the JS)',
    '',
    '| page | JS | wasm | total | budget | | peers |',
    '|---|---:|---:|---:|---:|---|---|',
    ...size.pages.map((p) =>
      p.beyondBudget
        ? `| ${p.page} | ${fmt(p.js)} | ${fmt(p.wasm)} | ${fmt(p.total)} | | | |`
        : `| ${p.page} | ${fmt(p.js)} | ${fmt(p.wasm)} | ${fmt(p.total)} | ${fmt(size.budget)} | ` +
          `${p.total <= size.budget ? 'met' : 'not met'} | Novu inbox budget 50 kB (JS only), MagicBell ~49 kB, md4c alone in wasm 25-31 kB |`,
    ),
    '',
    ...size.notes.flatMap((note) => [note, '']),
  );
}

const soak = read('soak');
if (soak) {
  const failures = (f) =>
    Object.entries(f)
      .map(([status, n]) => `${n} x ${status}`)
      .join(', ') || 'none';
  const refused = (r) =>
    Object.entries(r)
      .map(([limit, n]) => `${limit} ${fmt(n)}`)
      .join(', ') || 'none';
  lines.push(
    `## Soak: ${soak.normalUsers} normal users beside the attacks of issue 32 (${soak.seconds} s each, one SQLite instance, default limits)`,
    '',
    'Each normal user holds a push stream and, every 100 ms, reads a page of 50 or creates a notification. The ' +
      'attacks run all at once: two 200-character searches through 1.5 MB in a loop (and one of 2,500, refused), ' +
      'tokens with unknown kids against an identity provider that never answers, 1,000 idle and 50 slowloris ' +
      'connections, request smuggling, 100 push streams asked for by one user that replay from the start and ' +
      'never read, and 64 requests at a time from one user.',
    '',
    '| run | normal requests | p50 | p99 | normal users refused or failed | server memory (start / max / end) | cores used: server / normal users / attacks | refused by limit |',
    '|---|---:|---:|---:|---|---|---|---|',
    ...[
      ['quiet', soak.quiet],
      ['under attack', soak.attacked],
    ].map(
      ([name, run]) =>
        `| ${name} | ${fmt(run.requests)} | ${run.p50} ms | ${run.p99} ms | ${failures(run.failures)} | ` +
        `${fmt(run.residentMb.start)} / ${fmt(run.residentMb.max)} / ${fmt(run.residentMb.end)} MB | ` +
        `${run.cores ? `${run.cores.server} / ${run.cores.normalClient} / ${run.cores.attacks}` : ''} | ${refused(run.refused)} |`,
    ),
    '',
    `Normal users' p99 under attack: ${ratio(soak.p99Ratio)} the quiet run's (target: within 2x, ` +
      `${soak.p99Ratio <= 2 ? 'met' : 'not met'}). The attack's own client runs on the same 2 cores.`,
    '',
  );
}

mkdirSync(path.join(root, 'docs'), { recursive: true });
writeFileSync(path.join(root, 'docs/benchmarks.md'), lines.join('\n'));
console.log(lines.join('\n'));
