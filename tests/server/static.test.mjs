// --static DIR: the demo and the package served with their types, revalidated by ETag, HEAD
// answered like GET without the body, and nothing outside DIR reachable.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { rawRequest, startServer, tempDb } from './harness.mjs';

describe('static files', () => {
  let server, root;
  before(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'appnotify-static-'));
    root = path.join(dir, 'site');
    mkdirSync(path.join(root, 'dist'), { recursive: true });
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>demo</title>');
    writeFileSync(path.join(root, 'dist', 'appnotify.wasm'), Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]));
    writeFileSync(path.join(root, 'dist', 'appnotify.mjs'), 'export const x = 1;');
    writeFileSync(path.join(dir, 'secret.txt'), 'outside the site');
    server = await startServer(tempDb(), ['--static', root]);
  });
  after(() => server.stop());

  test('files come with their types; a directory gives its index.html', async () => {
    for (const [file, type] of [
      ['/', 'text/html; charset=utf-8'],
      ['/dist/appnotify.wasm', 'application/wasm'],
      ['/dist/appnotify.mjs', 'text/javascript; charset=utf-8'],
    ]) {
      const response = await fetch(server.origin + file);
      assert.equal(response.status, 200, file);
      assert.equal(response.headers.get('content-type'), type, file);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    }
  });

  test('an unchanged file revalidates with 304 and no body; a changed one comes again', async () => {
    const url = `${server.origin}/dist/appnotify.mjs`;
    const first = await fetch(url);
    const etag = first.headers.get('etag');
    assert.match(etag, /^W\/"\d+-\d+"$/);
    const again = await fetch(url, { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304);
    assert.equal(await again.text(), '');
    writeFileSync(path.join(root, 'dist', 'appnotify.mjs'), 'export const x = 22;');
    const changed = await fetch(url, { headers: { 'If-None-Match': etag } });
    assert.equal(changed.status, 200);
    assert.equal(await changed.text(), 'export const x = 22;');
  });

  test('HEAD answers the headers of GET without the body; other methods 405', async () => {
    const head = await fetch(`${server.origin}/dist/appnotify.wasm`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), '8');
    assert.equal(head.headers.get('content-type'), 'application/wasm');
    const del = await fetch(`${server.origin}/dist/appnotify.wasm`, { method: 'DELETE' });
    assert.equal(del.status, 405);
    assert.equal(del.headers.get('allow'), 'GET, HEAD');
  });

  test('nothing outside the directory is reachable', async () => {
    for (const target of ['/../secret.txt', '/dist/../../secret.txt', '/%2e%2e/secret.txt', '/dist/..%2fsecret.txt']) {
      assert.match(
        await rawRequest(server, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
        /^HTTP\/1\.1 404/,
        target,
      );
    }
    assert.equal((await fetch(`${server.origin}/missing.js`)).status, 404);
  });
});
