/**
 * HTTP transport features end to end: a real nginx, TLS verification and client trust, HTTP/2
 * over TLS by ALPN, h2c, pipelining and --max-body.
 */
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync } from 'node:fs';
import { createServer as createH2, createSecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { NGINX, startNginx } from '../helpers/nginx.js';
import { makeCert } from '../helpers/tls.js';
import { startFixture } from '../helpers/http-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-transport-'));

interface LoadgenJson {
  requests: number;
  successes: number;
  bytes_in: { total: number };
  status_codes: Record<string, number>;
  errors: Array<{ text: string; count: number }>;
}

/** attackJson runs attack with a json report; exit is 0, or 1 where no request is to succeed (issue 12). */
async function attackJson(args: string[], env: NodeJS.ProcessEnv = {}, exit = 0): Promise<LoadgenJson> {
  const out = join(dir, `r-${Math.random().toString(36).slice(2)}.json`);
  const r = await runCli(['attack', ...args, '--report', `json=${out}`], env);
  assert.equal(r.code, exit, r.stderr);
  return JSON.parse(readFileSync(out, 'utf8')) as LoadgenJson;
}

test('against nginx: status codes per target, body bytes, and --max-body caps what is kept', { skip: NGINX === null ? 'nginx not installed' : false }, async () => {
  const nginx = await startNginx();
  try {
    const targets = join(dir, 'nginx-targets.txt');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(targets, `GET ${nginx.url}/\nGET ${nginx.url}/status/404\nGET ${nginx.url}/big\n`);
    const all = await attackJson(['--targets', targets, '--rate', '300', '-n', '300']);
    assert.deepEqual(all.status_codes, { '200': 200, '404': 100 });
    assert.equal(all.successes, 200);
    assert.equal(all.errors[0].text, '404 Not Found');
    const capped = await attackJson(['--url', `${nginx.url}/big`, '--rate', '100', '-n', '20', '--max-body', '1KiB']);
    assert.equal(capped.bytes_in.total, 20 * 1024);
    const full = await attackJson(['--url', `${nginx.url}/big`, '--rate', '100', '-n', '20']);
    assert.equal(full.bytes_in.total, 20 * 100_000);
  } finally {
    await nginx.stop();
  }
});

test('TLS: verification fails by default for a self-signed server, passes with --insecure or --root-certs; HTTP/2 by ALPN', async () => {
  const { cert, key } = makeCert();
  const versions: string[] = [];
  const server = createSecureServer({ cert: readFileSync(cert), key: readFileSync(key), allowHTTP1: true }, (req, res) => {
    versions.push(req.httpVersion);
    res.end('tls');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  try {
    const refused = await attackJson(['--url', url, '--rate', '50', '-n', '5'], {}, 1);
    assert.equal(refused.successes, 0);
    assert.match(refused.errors[0].text, /self[- ]signed|certificate/i);
    versions.length = 0;
    const insecure = await attackJson(['--url', url, '--rate', '50', '-n', '5', '--insecure']);
    assert.equal(insecure.successes, 5);
    assert.deepEqual(versions, ['2.0', '2.0', '2.0', '2.0', '2.0'], 'HTTP/2 negotiated by ALPN');
    versions.length = 0;
    const trusted = await attackJson(['--url', url, '--rate', '50', '-n', '5', '--root-certs', cert, '--no-http2']);
    assert.equal(trusted.successes, 5);
    assert.deepEqual(versions, ['1.1', '1.1', '1.1', '1.1', '1.1'], '--no-http2 keeps HTTP/1.1');
  } finally {
    server.close();
  }
});

test('--h2c speaks HTTP/2 over cleartext', async () => {
  const versions: string[] = [];
  const server = createH2((req, res) => {
    versions.push(req.httpVersion);
    res.end('h2c');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const j = await attackJson(['--url', url, '--rate', '100', '-n', '20', '--h2c']);
    assert.equal(j.successes, 20);
    assert.equal(versions.length, 20);
    assert.ok(versions.every((v) => v === '2.0'));
  } finally {
    server.close();
  }
});

test('--pipelining sends several requests per connection before the answers', async () => {
  const server = await startFixture({ delayMs: 20 });
  try {
    const j = await attackJson(['--url', `${server.url}/`, '--vus', '8', '-n', '200', '--connections', '1', '--pipelining', '8', '--workers', '1']);
    assert.equal(j.successes, 200);
    assert.equal(server.requests, 200);
  } finally {
    await server.close();
  }
});

test('the lean HTTP/1.1 client and undici record the same results (chunked bodies, HEAD, connection: close)', async () => {
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => {
    if (req.url === '/close') res.setHeader('connection', 'close');
    res.setHeader('x-kind', 'chunked');
    res.write('part one;');
    res.end(req.method === 'HEAD' ? undefined : 'part two');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { writeFileSync } = await import('node:fs');
  const targets = join(dir, 'mixed-targets.txt');
  writeFileSync(targets, `GET ${base}/chunked\nHEAD ${base}/head\nGET ${base}/close\n`);
  try {
    const lean = await attackJson(['--targets', targets, '--rate', '300', '-n', '90']);
    const undici = await attackJson(['--targets', targets, '--rate', '300', '-n', '90', '--http-client', 'undici']);
    for (const j of [lean, undici]) {
      assert.equal(j.successes, 90, JSON.stringify(j.errors));
      assert.equal(j.bytes_in.total, 60 * 17, 'chunked bodies counted, HEAD has none');
    }
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
