// Starts and stops real appnotifyd processes for the server ring: a fresh SQLite file each, on a
// free loopback port, with the test clock on (time is set through the API, never waited for).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const binary = process.env.APPNOTIFYD || path.join(root, 'build/native/server/appnotifyd');

// APPNOTIFY_TEST_POSTGRES (a PostgreSQL cluster's socket folder, see scripts/lib/postgres.sh) runs
// the ring on PostgreSQL: each tempDb() is then a new database in that cluster.
const postgres = process.env.APPNOTIFY_TEST_POSTGRES;
export const onPostgres = Boolean(postgres);
const pgBin = '/usr/lib/postgresql/15/bin';
let databases = 0;

/** A fresh folder for a test's files. */
export function tempDir() {
  return mkdtempSync(path.join(os.tmpdir(), 'appnotifyd-'));
}

/** A new, empty database: a SQLite file, or on PostgreSQL a new database's URI. */
export function tempDb() {
  if (!postgres) return path.join(tempDir(), 'test.db');
  const name = `t${process.pid}_${(databases += 1)}`;
  execFileSync(`${pgBin}/createdb`, ['-h', postgres, '-U', 'appnotify', name]);
  return `postgresql:///${name}?host=${encodeURIComponent(postgres)}&user=appnotify`;
}

/**
 * A private PostgreSQL cluster of the test's own (as scripts/lib/postgres.sh starts the ring's):
 * {uri(name), stop(), start()} to take the database away under a running server and bring it back.
 */
export function startPostgresCluster() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'appnotify-pg-'));
  execFileSync('chown', ['postgres', dir]);
  const asPostgres = (...args) => execFileSync('runuser', ['-u', 'postgres', '--', ...args], { stdio: 'ignore' });
  asPostgres(`${pgBin}/initdb`, '-D', `${dir}/data`, '-A', 'trust', '-U', 'appnotify', '--locale=C', '-E', 'UTF8');
  const start = () =>
    asPostgres(
      `${pgBin}/pg_ctl`,
      '-D',
      `${dir}/data`,
      '-l',
      `${dir}/log`,
      '-w',
      '-o',
      `-k ${dir} -c listen_addresses=''`,
      'start',
    );
  start();
  return {
    uri(name) {
      execFileSync(`${pgBin}/createdb`, ['-h', dir, '-U', 'appnotify', name]);
      return `postgresql:///${name}?host=${encodeURIComponent(dir)}&user=appnotify`;
    },
    stop: () => asPostgres(`${pgBin}/pg_ctl`, '-D', `${dir}/data`, '-m', 'fast', '-w', 'stop'),
    start,
  };
}

/** Runs SQL on a test database (sqlite3 or psql): its output, trimmed. */
export function sql(db, text) {
  const [command, args] = db.startsWith('postgresql:')
    ? ['psql', ['-qtAX', '-v', 'ON_ERROR_STOP=1', db, '-c', text]]
    : ['sqlite3', [db, text]];
  return execFileSync(command, args, { encoding: 'utf8' }).trim();
}

/**
 * Runs `work` (async) while `table` is renamed away, so that the server's reads of it fail on a
 * connection still up, and renames it back whatever happens: what `work` answers.
 */
export async function withTableAway(db, table, work) {
  sql(db, `ALTER TABLE ${table} RENAME TO ${table}_away`);
  try {
    return await work();
  } finally {
    sql(db, `ALTER TABLE ${table}_away RENAME TO ${table}`);
  }
}

export function addUser(db, name, { canSend = false, id, issuer } = {}) {
  const args = ['user', 'add', '--db', db, '--name', name];
  if (canSend) args.push('--can-send');
  if (id) args.push('--id', id);
  if (issuer) args.push('--issuer', issuer);
  const { systemuserid, token } = JSON.parse(execFileSync(binary, args, { encoding: 'utf8' }));
  return { id: systemuserid, token, name };
}

/** Runs appnotifyd with `args`: {status, stdout, stderr, lines (stdout's JSON lines, parsed)}. */
export function cli(...args) {
  const run = spawnSync(binary, args, { encoding: 'utf8' });
  const lines = run.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, lines };
}

/**
 * Opens a push stream with `authorization` (a token, or headers): resolves once the answer's head
 * is in with {status, headers, closed (resolves when the server ends the stream), close()}.
 */
export async function openRawStream(server, token, headers = {}) {
  const controller = new AbortController();
  const response = await fetch(`${server.origin}/api/appnotify/v1/stream`, {
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
    signal: controller.signal,
  });
  const closed = (async () => {
    try {
      for await (const chunk of response.body ?? []) void chunk;
    } catch {
      // aborted
    }
  })();
  return { status: response.status, headers: response.headers, closed, close: () => controller.abort() };
}

/** `promise`, or a rejection naming `what` when it has not settled within `ms`. */
export function within(promise, ms, what) {
  let timer;
  const timeout = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Retries `check` (an async predicate) every 20 ms until it holds or `ms` pass; answers how long it took. */
export async function eventually(check, ms = 5000) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Date.now() - start;
}

/**
 * Service protection off, for benchmarks: they measure throughput with a few callers making many
 * requests at once, which the per-caller limits (6,000 requests per 5 minutes, 52 at once, 20
 * streams) would refuse.
 */
export const NO_CALLER_LIMITS = [
  '--max-requests',
  '1000000000',
  '--max-concurrent-requests',
  '100000',
  '--max-execution-time',
  '1000000000',
  '--max-streams-per-user',
  '100000',
];

// `logFile`: where the request log goes (benchmarks); by default it is kept for failure messages.
// `wrapper`: a command that runs appnotifyd (e.g. ['prlimit', '--nofile=64', '--']).
// `host`: the address to listen on (the origin still names 127.0.0.1 when it is 0.0.0.0).
export async function startServer(
  db,
  extraArgs = [],
  { logFile, port = 0, env, wrapper = [], host = '127.0.0.1' } = {},
) {
  const args = ['serve', '--db', db, '--listen', `${host}:${port}`, '--test-clock', ...extraArgs];
  const child = spawn(wrapper[0] ?? binary, [...wrapper.slice(1), ...(wrapper.length ? [binary] : []), ...args], {
    stdio: ['ignore', 'pipe', logFile ? openSync(logFile, 'w') : 'pipe'],
    env: env ? { ...process.env, ...env } : process.env,
  });
  const logs = [];
  child.stderr?.on('data', (chunk) => {
    if (logs.length < 1000) logs.push(chunk.toString());
  });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const first = await new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.once('line', resolve);
    child.once('exit', () => reject(new Error(`appnotifyd exited early: ${logs.join('')}`)));
  });
  const origin = `http://${JSON.parse(first).listening.replace(/^0\.0\.0\.0:/, '127.0.0.1:')}`;
  return {
    origin,
    maxConnections: JSON.parse(first).max_connections,
    api: `${origin}/api/data/v9.2`,
    pid: child.pid,
    logs,
    exited,
    /** SIGTERM: drains, and the exit status says whether it went well. */
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      child.kill('SIGKILL');
      return exited;
    },
    async setTime(now) {
      const response = await fetch(`${origin}/api/appnotify/v1/test/clock`, {
        method: 'PUT',
        body: JSON.stringify({ now }),
      });
      if (response.status !== 204) throw new Error(`clock: ${response.status}`);
    },
  };
}

/** A free loopback port (for a process that cannot be told to pick one and say which). */
export async function freePort() {
  const probe = net.createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * The load balancer (scripts/balancer: HAProxy) in front of `servers`: {origin, api, stop()} like
 * a server's, once it accepts connections and has found an instance up.
 */
export async function startBalancer(servers) {
  const port = await freePort();
  const instances = servers.map((server) => new URL(server.origin).host);
  const child = spawn('bash', [path.join(root, 'scripts/balancer'), `127.0.0.1:${port}`, ...instances], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const logs = [];
  child.stderr.on('data', (chunk) => logs.push(chunk.toString()));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const origin = `http://127.0.0.1:${port}`;
  await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`the balancer exited: ${logs.join('')}`);
    try {
      return (await fetch(`${origin}/api/data/v9.2/$metadata`)).status === 200;
    } catch {
      return false;
    }
  }, 10000);
  return {
    origin,
    api: `${origin}/api/data/v9.2`,
    logs,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/**
 * Reads a push stream (Server-Sent Events) on `server` (an instance or the balancer) as `user`,
 * resuming after `lastEventId` if given: {next(ms) (the next {id, event, data}), events (what has
 * come and was not taken by next), status and contentType (once the head is in), ended (resolves when the stream ends, however), close()}.
 */
export function openEventStream(server, user, lastEventId) {
  const controller = new AbortController();
  const headers = { Authorization: `Bearer ${user.token}` };
  if (lastEventId !== undefined) headers['Last-Event-ID'] = String(lastEventId);
  const events = [];
  const waiters = [];
  let status, contentType;
  const ended = fetch(`${server.origin}/api/appnotify/v1/stream`, { headers, signal: controller.signal })
    .then(async (response) => {
      status = response.status;
      contentType = response.headers.get('content-type');
      if (status !== 200) return;
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = {};
          for (const line of block.split('\n')) {
            const colon = line.indexOf(':');
            if (colon <= 0) continue;
            event[line.slice(0, colon)] = line.slice(colon + 1).trimStart();
          }
          if (!event.event && !event.data) continue; // comments, retry
          if (event.data) event.data = JSON.parse(event.data);
          const waiter = waiters.shift();
          if (waiter) waiter(event);
          else events.push(event);
        }
      }
    })
    .catch(() => {
      // aborted, or the instance went away: the stream has ended either way
    });
  return {
    events,
    ended,
    get status() {
      return status;
    },
    get contentType() {
      return contentType;
    },
    next: (ms = 5000) =>
      events.length > 0
        ? Promise.resolve(events.shift())
        : new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
              waiters.splice(waiters.indexOf(waiter), 1);
              reject(new Error(`no event within ${ms} ms`));
            }, ms);
            const waiter = (event) => {
              clearTimeout(timer);
              resolve(event);
            };
            waiters.push(waiter);
          }),
    close: () => {
      controller.abort();
      return ended;
    },
  };
}

/** fetch with the user's bearer token and JSON in and out. */
export async function call(server, user, method, pathAndQuery, { body, headers = {} } = {}) {
  const response = await fetch(`${server.api}/${pathAndQuery}`, {
    method,
    headers: {
      ...(user ? { Authorization: `Bearer ${user.token}` } : {}),
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/**
 * Creates `count` notifications for `user`, as themselves, 50 at a time (one caller may have 52 in
 * progress); each must answer 204. `data` (a JSON text) goes on each when given.
 */
export async function createMany(server, user, count, { data } = {}) {
  for (let start = 0; start < count; start += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, count - start) }, (_, i) =>
        call(server, user, 'POST', 'appnotifications', {
          body: { title: `n${start + i}`, ...(data ? { data } : {}), 'ownerid@odata.bind': `/systemusers(${user.id})` },
        }),
      ),
    );
    const failed = batch.find((created) => created.status !== 204);
    if (failed) throw new Error(`a create answered ${failed.status}: ${failed.text}`);
  }
}

/** 5,000 characters of data (a JSON text): what a search through much text needs. */
export const BIG_DATA = JSON.stringify({ text: 'a'.repeat(4980) });

export const idFromEntityId = (response) => /\(([0-9a-f-]{36})\)$/.exec(response.headers.get('odata-entityid'))?.[1];

/**
 * Sends raw bytes on a fresh connection (what fetch would refuse or normalize) and resolves with the
 * status line of the answer ('' when the server just closes), or with `whole` the whole answer.
 */
export function rawRequest(server, bytes, { whole = false } = {}) {
  const { hostname, port } = new URL(server.origin);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    let reply = '';
    socket.on('data', (chunk) => (reply += chunk.toString('latin1')));
    const done = () => resolve(whole ? reply : reply.split('\r\n')[0]);
    socket.on('error', done);
    socket.on('close', done);
    socket.write(bytes, () => socket.end());
  });
}

/**
 * A request with exactly the headers given, Host included (fetch sets its own Host): {status,
 * headers (lowercase names), json}. For what a client other than a browser may send.
 */
export async function rawCall(server, user, method, pathAndQuery, { body, headers = {} } = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  const lines = [`${method} /api/data/v9.2/${pathAndQuery} HTTP/1.1`, 'Connection: close'];
  const all = { Host: new URL(server.origin).host, ...headers };
  if (user) all.Authorization = `Bearer ${user.token}`;
  if (body !== undefined) Object.assign(all, { 'Content-Type': 'application/json', 'Content-Length': text.length });
  for (const [name, value] of Object.entries(all)) lines.push(`${name}: ${value}`);
  const answer = await rawRequest(server, Buffer.from(`${lines.join('\r\n')}\r\n\r\n${text}`, 'utf8'), {
    whole: true,
  });
  const split = answer.indexOf('\r\n\r\n');
  const [statusLine, ...fields] = answer.slice(0, split).split('\r\n');
  const parsed = {};
  for (const field of fields) {
    const colon = field.indexOf(':');
    parsed[field.slice(0, colon).toLowerCase()] = field.slice(colon + 1).trim();
  }
  const rest = answer.slice(split + 4);
  return { status: Number(statusLine.split(' ')[1]), headers: parsed, json: rest ? JSON.parse(rest) : null };
}
