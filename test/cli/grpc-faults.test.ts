/**
 * gRPC faults of the reference server: injected status errors are counted by ghz's status names,
 * every call once, and the run ends on time.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { seededRandom } from '../../src/core/seeded-random.js';
import { startGrpcReferenceServer } from '../../src/servers/grpc-reference-server.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-grpc-faults-'));

test('gRPC status errors (serve --error-rate with --grpc-error-code): counted by ghz status name, on time', { timeout: 60_000 }, async () => {
  const server = await startGrpcReferenceServer({ port: 0, errorRate: 0.5, errorCode: 14, random: seededRandom(3) });
  try {
    const out = join(dir, 'grpc-status.json');
    const r = await runCli(['grpc', '--insecure', '--proto', 'echo', '--call', 'loadgen.echo.Echo/Unary', '-d', '{}', '--rps', '100', '-z', '500ms', '-O', 'json', '-o', out, server.address]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(readFileSync(out, 'utf8')) as { count: number; statusCodeDistribution: Record<string, number>; errorDistribution: Record<string, number> };
    assert.equal(j.count, 50, 'R x D calls');
    assert.equal(j.statusCodeDistribution.OK + j.statusCodeDistribution.Unavailable, 50, JSON.stringify(j.statusCodeDistribution));
    assert.ok(j.statusCodeDistribution.Unavailable > 0 && j.statusCodeDistribution.OK > 0);
    const [text, count] = Object.entries(j.errorDistribution)[0];
    assert.match(text, /^rpc error: code = Unavailable desc = /);
    assert.equal(count, j.statusCodeDistribution.Unavailable);
    assert.equal(server.stats.requests, 50, 'every call reached the server');
  } finally {
    await server.close();
  }
});
