// A mixed run (infer --mix http:1,grpc:1) keeps HTTP and gRPC status codes apart, code 0 of
// each included (HTTP: no response; gRPC: OK), and its reports name them by their protocol.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startGrpcReferenceServer } from '../../src/servers/grpc-reference-server.js';
import { freePort } from '../helpers/ports.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-mix-outcomes-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface JsonReport {
  protocol: string;
  requests: number;
  successes: number;
  status_codes: Record<string, number>;
  errors: Array<{ text: string; count: number }>;
}

test('--mix: HTTP refused (0) and gRPC OK (0) and Unavailable (14) are counted apart, grpc:-named in the reports', async () => {
  const ok = await startGrpcReferenceServer({ port: 0, modelInstances: true });
  const failing = await startGrpcReferenceServer({ port: 0, modelInstances: true, errorRate: 1, errorCode: 14 });
  const closed = await freePort();
  try {
    const run = async (grpcAddress: string, exit = 0) => {
      const out = join(dir, `mix-${Math.random().toString(36).slice(2)}.json`);
      const r = await runCli(['infer', '--url', `http://127.0.0.1:${closed}`, '--grpc-url', grpcAddress, '--mix', 'http:1,grpc:1', '--model', 'iris0', '--payload', 'iris', '-n', '10', '--vus', '1', '--workers', '1', '--report', `json=${out}`, '--report', 'text']);
      assert.equal(r.code, exit, r.stderr);
      return { json: JSON.parse(readFileSync(out, 'utf8')) as JsonReport, text: r.stdout };
    };
    const good = await run(ok.address);
    assert.equal(good.json.protocol, 'mixed');
    assert.deepEqual(good.json.status_codes, { '0': 5, 'grpc:OK': 5 });
    assert.equal(good.json.successes, 5);
    assert.deepEqual(good.json.errors, [{ text: `Post "http://127.0.0.1:${closed}/v2/models/iris0/infer": dial tcp 127.0.0.1:${closed}: connect: connection refused`, count: 5 }]);
    assert.match(good.text, /^Status codes {2}0: 5, grpc:OK: 5$/m);

    // Not one success (HTTP refused, gRPC Unavailable): exit 1 (issue 12).
    const bad = await run(failing.address, 1);
    assert.deepEqual(bad.json.status_codes, { '0': 5, 'grpc:Unavailable': 5 });
    assert.equal(bad.json.successes, 0);
    assert.match(bad.json.errors[1].text, /^rpc error: code = Unavailable desc = /);
    assert.match(bad.text, /^Status codes {2}0: 5, grpc:Unavailable: 5$/m);
  } finally {
    await Promise.all([ok.close(), failing.close()]);
  }
});
