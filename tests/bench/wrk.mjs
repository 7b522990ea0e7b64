// wrk (Debian's HTTP load generator) from the benchmarks: one run against one URL, its figures.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const scripts = mkdtempSync(path.join(os.tmpdir(), 'appnotify-wrk-'));
let counter = 0;

/**
 * Asynchronous, so that this process keeps draining the servers' log pipes meanwhile. Answers
 * {perSecond, errors, p99Ms, maxMs}. `connections` clients for `seconds` on two threads, or until
 * the promise `until` resolves (then wrk is interrupted, and reports on everything up to then).
 */
export async function wrk(url, headers, { method = 'GET', body, seconds = 4, connections = 64, until } = {}) {
  const script = path.join(scripts, `wrk-${(counter += 1)}.lua`);
  writeFileSync(
    script,
    [
      `wrk.method = "${method}"`,
      ...Object.entries(headers).map(([k, v]) => `wrk.headers["${k}"] = "${v}"`),
      body ? `wrk.body = ${JSON.stringify(body)}` : '',
      'done = function(summary, latency, requests)',
      '  io.write(string.format("RESULT %d %d %d %d %d\\n", summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.duration, latency:percentile(99), latency.max))',
      'end',
    ].join('\n'),
  );
  const child = spawn('wrk', ['-t2', `-c${connections}`, `-d${seconds}s`, '-s', script, url]);
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  until?.then(() => child.kill('SIGINT'));
  await exited;
  const [requests, errors, micros, p99, max] = /RESULT (\d+) (\d+) (\d+) (\d+) (\d+)/.exec(out).slice(1).map(Number);
  return { perSecond: Math.round(requests / (micros / 1e6)), errors, p99Ms: p99 / 1000, maxMs: max / 1000 };
}
