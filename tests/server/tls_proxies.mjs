// The TLS proxies of docs/operations.md, run as that page shows them: its nginx and HAProxy blocks
// are read from the page, pointed at a test's appnotifyd, certificate and free port, and started.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { eventually, freePort } from './harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The fenced block of `language` in docs/operations.md. */
export function documented(language) {
  const page = readFileSync(path.join(root, 'docs/operations.md'), 'utf8');
  const block = new RegExp('```' + language + '\\n([\\s\\S]*?)```').exec(page);
  if (!block) throw new Error(`docs/operations.md has no ${language} block`);
  return block[1];
}

// Replaces `from` in `text`, which must be there.
function swap(text, from, to) {
  if (!text.includes(from)) throw new Error(`the documented config lost "${from}"`);
  return text.split(from).join(to);
}

// Runs a proxy until its /healthz (appnotifyd's, through it) answers over TLS trusting `ca`.
async function run(command, args, origin, ca) {
  const logs = [];
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr.on('data', (chunk) => logs.push(chunk.toString()));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`${command} exited: ${logs.join('')}`);
    const health = await httpsGet(origin, '/healthz', {}, ca).catch(() => null);
    return health?.status === 200;
  }, 10000);
  return {
    origin,
    logs,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/**
 * nginx with the documented server block in front of `upstream` (an appnotifyd's "127.0.0.1:PORT"),
 * serving `tls` ({keyFile, certFile}) on a free port: {origin, stop()}.
 */
export async function startNginx(upstream, tls) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'appnotify-nginx-'));
  const port = await freePort();
  let site = documented('nginx');
  site = swap(site, 'server 127.0.0.1:8080;', `server ${upstream};`);
  site = swap(site, 'listen 443 ssl http2;', `listen 127.0.0.1:${port} ssl http2;`);
  site = swap(site, '/etc/ssl/notify.example.com.pem', tls.certFile);
  site = swap(site, '/etc/ssl/notify.example.com.key', tls.keyFile);
  const main = [
    'daemon off;',
    'worker_processes 1;',
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log;`,
    'events {}',
    'http {',
    '  access_log off;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${dir}/${kind};`),
    site,
    '}',
  ].join('\n');
  writeFileSync(path.join(dir, 'nginx.conf'), main);
  const user = process.getuid?.() === 0 ? ['-g', 'user root;'] : [];
  return run(
    'nginx',
    ['-e', `${dir}/error.log`, '-c', `${dir}/nginx.conf`, ...user],
    `https://127.0.0.1:${port}`,
    tls.cert,
  );
}

/** HAProxy with the documented frontend and backend in front of `upstream`: {origin, stop()}. */
export async function startHaproxyTls(upstream, tls) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'appnotify-haproxy-'));
  const port = await freePort();
  const bundle = path.join(dir, 'bundle.pem');
  writeFileSync(bundle, readFileSync(tls.certFile, 'utf8') + readFileSync(tls.keyFile, 'utf8'));
  let config = documented('haproxy');
  config = swap(
    config,
    'bind :443 ssl crt /etc/ssl/notify.example.com.pem',
    `bind 127.0.0.1:${port} ssl crt ${bundle}`,
  );
  config = swap(config, 'server instance1 127.0.0.1:8080', `server instance1 ${upstream}`);
  writeFileSync(path.join(dir, 'haproxy.cfg'), `global\n  maxconn 1000\n\n${config}`);
  return run('haproxy', ['-db', '-f', path.join(dir, 'haproxy.cfg')], `https://127.0.0.1:${port}`, tls.cert);
}

/** GET over https trusting `ca`: {status, headers, text, json}. */
export function httpsGet(origin, pathAndQuery, headers, ca) {
  const url = new URL(pathAndQuery, origin);
  return new Promise((resolve, reject) => {
    const request = https.get(url, { headers, ca }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => {
        let json = null;
        try {
          json = JSON.parse(text);
        } catch {
          json = null;
        }
        resolve({ status: response.statusCode, headers: response.headers, text, json });
      });
    });
    request.on('error', reject);
  });
}
