// The operator's view: /healthz and /readyz without a token (the balancer checks /readyz),
// /metrics in Prometheus' text format (read here with a Prometheus text parser), one JSON access
// log line per request with its X-Request-Id (taken or made, and echoed), and a SIGTERM that tells
// open streams to reconnect elsewhere and exits promptly.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import parsePrometheus from 'parse-prometheus-text-format';

import {
  addUser,
  call,
  eventually,
  onPostgres,
  openEventStream,
  startServer,
  tempDb,
  within,
  withTableAway,
} from './harness.mjs';
import { jwtFlags, makeKey, serveJwks } from './identity.mjs';

const T0 = Date.UTC(2026, 11, 7, 12, 0, 0);

async function scrape(server, headers = {}) {
  const response = await fetch(`${server.origin}/metrics`, { headers });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  const families = Object.fromEntries(parsePrometheus(text).map((family) => [family.name, family]));
  // The parser keeps one series per histogram: a labelled histogram's series are read from the text.
  families.text = text;
  return families;
}

// The value of the series of `family` whose labels include `labels` (0 when there is none).
function value(families, name, labels = {}) {
  const family = families[name];
  if (!family) return 0;
  const series = family.metrics.find((metric) =>
    Object.entries(labels).every(([label, wanted]) => metric.labels?.[label] === wanted),
  );
  if (!series) return 0;
  return Number(series.value ?? series.count);
}

describe('health checks', () => {
  let server, db;
  before(async () => {
    db = tempDb();
    server = await startServer(db);
  });
  after(() => server.stop());

  test('/healthz and /readyz answer without a token', async () => {
    const health = await fetch(`${server.origin}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
    const ready = await fetch(`${server.origin}/readyz`);
    assert.equal(ready.status, 200);
    const body = await ready.json();
    assert.equal(body.status, 'ready');
    assert.equal(body.checks.database, 'ok');
    if (onPostgres) assert.equal(body.checks.event_feed, 'ok');
  });

  test('/readyz answers 503 naming the database when it cannot be read; /healthz still 200', async () => {
    await withTableAway(db, 'events', async () => {
      const ready = await fetch(`${server.origin}/readyz`);
      assert.equal(ready.status, 503);
      assert.equal(ready.headers.get('retry-after'), '1');
      assert.deepEqual((await ready.json()).checks.database, 'failing');
      assert.equal((await fetch(`${server.origin}/healthz`)).status, 200);
    });
    assert.equal((await fetch(`${server.origin}/readyz`)).status, 200);
  });
});

describe('metrics', () => {
  let server, provider, alice, bob;
  before(async () => {
    const db = tempDb();
    alice = addUser(db, 'Alice');
    bob = addUser(db, 'Bob', { canSend: true });
    provider = await serveJwks([await makeKey('ES256')]);
    server = await startServer(db, ['--max-requests', '20', '--sweep-interval', '86400', ...jwtFlags(provider.url)]);
    await server.setTime(T0);
  });
  after(async () => {
    await server.stop();
    await provider.close();
  });

  test('requests by route and status, latency, connections, streams, events, limits, pool, sweep, JWKS', async () => {
    const stream = openEventStream(server, alice);
    await stream.next(); // ready
    for (let i = 0; i < 3; i += 1) assert.equal((await call(server, alice, 'GET', 'WhoAmI')).status, 200);
    const created = await call(server, bob, 'POST', 'appnotifications', {
      body: { title: 'counted', ttlinseconds: 60, 'ownerid@odata.bind': `/systemusers(${alice.id})` },
    });
    assert.equal(created.status, 204);
    assert.equal((await stream.next()).event, 'created');
    for (let i = 0; i < 20; i += 1) await call(server, bob, 'GET', 'WhoAmI'); // passes the 20 per window
    await server.setTime(T0 + 61_000); // the notification has expired; the daily sweep has not run

    const families = await scrape(server);
    assert.ok(value(families, 'appnotify_http_requests_total', { route: '/api/data/v9/WhoAmI', status: '200' }) >= 3);
    assert.ok(value(families, 'appnotify_http_requests_total', { route: '/api/data/v9/WhoAmI', status: '429' }) >= 1);
    assert.equal(families.appnotify_http_request_duration_seconds.type, 'HISTOGRAM');
    const count = /^appnotify_http_request_duration_seconds_count\{route="\/api\/data\/v9\/WhoAmI"\} (\d+)$/m;
    assert.ok(Number(count.exec(families.text)[1]) >= 3);
    assert.match(
      families.text,
      /^appnotify_http_request_duration_seconds_bucket\{route="\/api\/data\/v9\/WhoAmI",le="\+Inf"\} \d+$/m,
    );
    assert.ok(value(families, 'appnotify_http_connections') >= 1);
    assert.equal(value(families, 'appnotify_push_streams'), 1);
    assert.equal(value(families, 'appnotify_push_events_delivered_total'), 1);
    assert.ok(value(families, 'appnotify_refused_total', { limit: 'requests' }) >= 1);
    assert.ok(value(families, 'appnotify_db_pool_waits_total') >= 1);
    assert.equal(value(families, 'appnotify_sweep_backlog'), 1);
    assert.equal(value(families, 'appnotify_jwks_fetches_total', { result: 'ok' }), 1);
    await stream.close();
  });

  test('paths that no handler knows share one route name', async () => {
    for (let i = 0; i < 5; i += 1) await fetch(`${server.origin}/api/made-up-${i}`);
    const families = await scrape(server);
    const routes = families.appnotify_http_requests_total.metrics.map((metric) => metric.labels.route);
    assert.ok(routes.includes('unmatched'));
    assert.ok(!routes.some((route) => route.includes('made-up')));
  });
});

describe('metrics behind a token', () => {
  let server;
  before(async () => {
    server = await startServer(tempDb(), ['--metrics-token', 'scrape-secret']);
  });
  after(() => server.stop());

  test('401 without it, 200 with it', async () => {
    assert.equal((await fetch(`${server.origin}/metrics`)).status, 401);
    assert.equal((await fetch(`${server.origin}/metrics`, { headers: { Authorization: 'Bearer wrong' } })).status, 401);
    await scrape(server, { Authorization: 'Bearer scrape-secret' });
  });
});

describe('access log and request ids', () => {
  let server, user;
  before(async () => {
    const db = tempDb();
    user = addUser(db, 'Logged');
    server = await startServer(db);
  });
  after(() => server.stop());

  const logged = (id) =>
    server.logs
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line))
      .find((line) => line.id === id);

  test("a client's X-Request-Id is echoed and logged; a bad one is replaced", async () => {
    const given = await call(server, user, 'GET', 'WhoAmI', { headers: { 'X-Request-Id': 'trace-42.a:b_c' } });
    assert.equal(given.headers.get('x-request-id'), 'trace-42.a:b_c');
    const made = await call(server, user, 'GET', 'WhoAmI', { headers: { 'X-Request-Id': 'bad id with spaces' } });
    assert.match(made.headers.get('x-request-id'), /^[0-9a-f]{32}$/);
    const none = await call(server, user, 'GET', 'WhoAmI');
    assert.match(none.headers.get('x-request-id'), /^[0-9a-f]{32}$/);
    assert.notEqual(none.headers.get('x-request-id'), made.headers.get('x-request-id'));
    // The log is flushed every second: it is read until the line is there.
    await eventually(() => logged('trace-42.a:b_c'), 5000);
    const line = logged('trace-42.a:b_c');
    assert.deepEqual(Object.keys(line).sort(), [
      'bytes',
      'id',
      'method',
      'ms',
      'peer',
      'route',
      'status',
      'target',
      'time',
    ]);
    assert.equal(line.peer, '127.0.0.1');
    assert.equal(line.route, '/api/data/v9/WhoAmI');
    assert.equal(line.status, 200);
    assert.match(line.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});

describe('SIGTERM with streams open', () => {
  test('every stream is told to reconnect, and the process exits 0 within 10 s', async () => {
    const db = tempDb();
    const users = Array.from({ length: 4 }, (_, i) => addUser(db, `Reader ${i}`));
    const server = await startServer(db);
    const streams = [];
    for (let i = 0; i < 20; i += 1) {
      const stream = openEventStream(server, users[i % users.length]);
      assert.equal((await stream.next()).event, 'ready');
      streams.push(stream);
    }
    const exited = await within(server.stop(), 10000, 'the exit after SIGTERM');
    assert.deepEqual(exited, { code: 0, signal: null });
    for (const stream of streams) {
      const last = await stream.next(1000);
      assert.equal(last.event, 'reconnect');
      assert.deepEqual(last.data, { reason: 'shutdown' });
    }
  });
});
