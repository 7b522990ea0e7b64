// The soak of issue 32: normal users beside the attacks that once stalled appnotifyd, against a
// quiet run of the same users, on one SQLite instance with its default limits. Each normal user has
// a push stream open and, every 100 ms, reads a page of the list or creates a notification for
// itself; their latencies and errors are what is measured, with the server's resident memory. The
// attacks, all at once for the whole run:
//   - searches: two loops of a 200-character contains() through 1.5 MB of the attacker's data (the
//     most the cap allows), and one of 2,500 characters (refused);
//   - an identity provider that accepts and never answers, and a loop of tokens with unknown kids;
//   - 1,000 idle connections, kept at 1,000; 50 slowloris connections, a header byte every 500 ms;
//   - request smuggling (Transfer-Encoding: gzip) in a loop;
//   - 100 push streams asked for by one user, resuming from the start without reading;
//   - a flood of requests, 64 at a time, by one user.
import { fork } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { addUser, call, startServer, tempDb } from '../server/harness.mjs';
import { jwtFlags, makeKey, mint } from '../server/identity.mjs';
import { ms, quantile } from './stats.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SECONDS = Number(process.env.APPNOTIFY_SOAK_SECONDS || 60);
const NORMAL_USERS = 20;

const residentMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const pause = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds));

// An identity provider that takes every connection and never answers.
async function hangingProvider() {
  const sockets = [];
  const server = net.createServer((socket) => sockets.push(socket));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/keys`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

function rawSocket(server) {
  const { hostname, port } = new URL(server.origin);
  const socket = net.connect(Number(port), hostname);
  socket.on('error', () => {});
  socket.resume(); // reads and drops what comes, so that an end is seen
  return socket;
}

// Starts every attack; answers stop(), which ends them.
async function attack(server, attacker) {
  let running = true;
  const loops = [];
  const pending = new Set();
  const loop = (body, name = 'loop') =>
    loops.push(
      (async () => {
        const me = `${name}#${loops.length}`;
        pending.add(me);
        while (running) await body().catch(() => pause(10));
        pending.delete(me);
      })(),
    );
  const search = (text) =>
    call(
      server,
      attacker,
      'GET',
      `appnotifications?$select=title&$filter=${encodeURIComponent(`contains(data,'${text}')`)}`,
    );
  loop(() => search(`${'a'.repeat(199)}b`), 'search');
  loop(() => search(`${'a'.repeat(199)}b`), 'search');
  loop(() => search(`${'a'.repeat(2500)}b`), 'long search');
  const key = await makeKey('ES256');
  loop(async () => {
    const token = await mint(key, {}, { header: { kid: `made-up-${Math.random()}` } });
    await call(server, { token }, 'GET', 'WhoAmI');
  }, 'kid');
  const idle = new Set();
  const keepIdle = () => {
    while (running && idle.size < 1000) {
      const socket = rawSocket(server);
      idle.add(socket);
      socket.on('close', () => {
        idle.delete(socket);
        if (running) setTimeout(keepIdle, 50);
      });
    }
  };
  keepIdle();
  const slow = [];
  for (let i = 0; i < 50; i += 1) slow.push(rawSocket(server));
  const request = `GET /api/data/v9.2/WhoAmI HTTP/1.1\r\nHost: x\r\nX-Slow: ${'a'.repeat(10000)}`;
  let offset = 0;
  const trickle = setInterval(() => {
    for (const socket of slow) socket.write(request[offset % request.length]);
    offset += 1;
  }, 500);
  loop(async () => {
    const socket = rawSocket(server);
    socket.write(
      `POST /api/data/v9.2/appnotifications HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n` +
        `GET /api/data/v9.2/WhoAmI HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${attacker.token}\r\n\r\n`,
    );
    await new Promise((resolve) => socket.on('close', resolve).on('error', resolve));
  }, 'smuggle');
  const streams = [];
  for (let i = 0; i < 100; i += 1) {
    const socket = rawSocket(server);
    socket.write(
      `GET /api/appnotify/v1/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${attacker.token}\r\nLast-Event-ID: 0\r\n\r\n`,
    );
    socket.pause();
    streams.push(socket);
  }
  for (let i = 0; i < 64; i += 1) loop(() => call(server, attacker, 'GET', 'WhoAmI'), 'flood');
  return async () => {
    running = false;
    clearInterval(trickle);
    for (const socket of [...idle, ...slow, ...streams]) socket.destroy();
    await Promise.all(loops);
  };
}

const log = (text) => process.stderr.write(`soak: ${text}\n`);

// The attacks run in a process of their own (as an attacker's would, on other cores when there
// are), so that the normal users' client measures the server, not its own busy event loop.
async function attackFromAnotherProcess(server, attacker) {
  const child = fork(fileURLToPath(import.meta.url), ['attack', JSON.stringify({ origin: server.origin, attacker })]);
  await new Promise((resolve) => child.once('message', resolve)); // started
  return async () => {
    const used = new Promise((resolve) => child.once('message', resolve));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.send('stop');
    const cpu = await used;
    await exited;
    return cpu;
  };
}

async function scenario(withAttacks) {
  log(withAttacks ? 'the run under attack' : 'the quiet run');
  const db = tempDb();
  const users = Array.from({ length: NORMAL_USERS }, (_, i) => addUser(db, `User ${i}`));
  const attacker = addUser(db, 'Attacker');
  const provider = await hangingProvider();
  const server = await startServer(db, jwtFlags(provider.url), { logFile: '/dev/null' });
  const data = JSON.stringify({ text: 'a'.repeat(4980) });
  for (let start = 0; start < 300; start += 50) {
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call(server, attacker, 'POST', 'appnotifications', {
          body: { title: `big ${start + i}`, data, 'ownerid@odata.bind': `/systemusers(${attacker.id})` },
        }),
      ),
    );
  }
  const streams = users.map((user) => {
    const socket = rawSocket(server);
    socket.write(`GET /api/appnotify/v1/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${user.token}\r\n\r\n`);
    return socket;
  });
  log('normal users start');
  const stop = withAttacks ? await attackFromAnotherProcess(server, attacker) : async () => ({ cpuSeconds: 0 });
  const serverCpu = () => {
    const fields = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 10 ms
  };
  const serverCpuBefore = serverCpu();
  const clientCpuBefore = process.cpuUsage();
  const latencies = [];
  const failures = {};
  const rss = [residentMb(server.pid)];
  const sampler = setInterval(() => rss.push(residentMb(server.pid)), 1000);
  const end = Date.now() + SECONDS * 1000;
  await Promise.all(
    users.map(async (user, u) => {
      for (let i = 0; Date.now() < end; i += 1) {
        const started = process.hrtime.bigint();
        const answer =
          i % 2 === 0
            ? await call(server, user, 'GET', 'appnotifications?$top=50&$select=title')
            : await call(server, user, 'POST', 'appnotifications', {
                body: { title: `u${u}-${i}`, 'ownerid@odata.bind': `/systemusers(${user.id})` },
              });
        latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
        if (answer.status >= 300) failures[answer.status] = (failures[answer.status] ?? 0) + 1;
        await pause(100);
      }
    }),
  );
  clearInterval(sampler);
  const serverCpuSeconds = serverCpu() - serverCpuBefore;
  const clientCpu = process.cpuUsage(clientCpuBefore);
  log('normal users done');
  const metrics = await (await fetch(`${server.origin}/metrics`)).text();
  const refused = Object.fromEntries(
    [...metrics.matchAll(/^appnotify_refused_total\{limit="(\w+)"\} (\d+)/gm)].map((m) => [m[1], Number(m[2])]),
  );
  log('metrics read');
  const attackCpu = await stop();
  log('attacks stopped');
  for (const socket of streams) socket.destroy();
  const { code } = await server.stop();
  log('server stopped');
  provider.close();
  return {
    requests: latencies.length,
    p50: ms(quantile(latencies, 0.5)),
    p99: ms(quantile(latencies, 0.99)),
    failures,
    residentMb: { start: ms(rss[0]), max: ms(Math.max(...rss)), end: ms(rss[rss.length - 1]) },
    refused,
    // Cores used on average over the run: the server, the normal users' client, the attacks' process.
    cores: {
      server: ms(serverCpuSeconds / SECONDS),
      normalClient: ms((clientCpu.user + clientCpu.system) / 1e6 / SECONDS),
      attacks: ms(attackCpu.cpuSeconds / SECONDS),
    },
    exitCode: code,
  };
}

if (process.argv[2] === 'attack') {
  const { origin, attacker } = JSON.parse(process.argv[3]);
  const stop = await attack({ origin, api: `${origin}/api/data/v9.2` }, attacker);
  process.send('started');
  process.once('message', async () => {
    const { user, system } = process.cpuUsage();
    await stop();
    process.send({ cpuSeconds: (user + system) / 1e6 });
    process.exit(0);
  });
} else {
  await measure();
}

async function measure() {
  const quiet = await scenario(false);
  const attacked = await scenario(true);
  const figures = {
    seconds: SECONDS,
    normalUsers: NORMAL_USERS,
    quiet,
    attacked,
    p99Ratio: Math.round((attacked.p99 / quiet.p99) * 100) / 100,
  };
  mkdirSync(path.join(root, 'build/bench'), { recursive: true });
  writeFileSync(path.join(root, 'build/bench/soak.json'), JSON.stringify(figures, null, 2));
  console.log(JSON.stringify(figures, null, 2));
}
