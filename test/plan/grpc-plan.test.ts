// What `loadgen grpc` puts in ghz's report options (spec: ghz.md 2.2): the resolved import paths
// (-i, the proto's folder, then ".") and the dial timeout (--connect-timeout, ghz's 10s default).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildGrpcPlan } from '../../src/plan/grpc-plan.js';
import { ghzImportPaths } from '../../src/plan/ghz-output.js';
import { ghzOptions } from '../../src/reporters/ghz-report-input.js';

/** ghzRunOptions is what the plan keeps for ghz's report options. */
function ghzRunOptions(f: Parameters<typeof buildGrpcPlan>[0]) {
  const ghz = buildGrpcPlan(f).ghz;
  assert.ok(ghz !== null);
  return ghz.options;
}

const ECHO = { host: '127.0.0.1:1', insecure: true, call: 'loadgen.echo.Echo/Unary' };

test('ghz options carry import-paths and dial-timeout, in ghz key order', () => {
  const run = ghzRunOptions({ ...ECHO, proto: 'protos/loadgen/echo.proto'} as Parameters<typeof buildGrpcPlan>[0]);
  assert.deepEqual(run.importPaths, ['protos/loadgen', '.']);
  assert.equal(run.dialTimeoutNs, 10e9);
  const json = JSON.stringify(Object.fromEntries(ghzOptions({ ...run, cpus: 2 })));
  assert.ok(json.startsWith('{"call":"loadgen.echo.Echo/Unary","host":"127.0.0.1:1","proto":"protos/loadgen/echo.proto","import-paths":["protos/loadgen","."],"insecure":true,'), json);
  assert.ok(json.includes('"timeout":20000000000,"dial-timeout":10000000000,"binary":false'), json);
});

test('--connect-timeout sets dial-timeout; -i paths come first', () => {
  const run = ghzRunOptions({ ...ECHO, proto: 'protos/loadgen/echo.proto', importPaths: 'a,b/c', connectTimeout: '3s' } as Parameters<typeof buildGrpcPlan>[0]);
  assert.deepEqual(run.importPaths, ['a', 'b/c', 'protos/loadgen', '.']);
  assert.equal(run.dialTimeoutNs, 3e9);
});

test('ghzImportPaths: Go\'s filepath.Dir of the proto, then "."; a protoset alone keeps the -i paths', () => {
  const table: Array<[proto: string | undefined, importPaths: string[], want: string[]]> = [
    ['greeter.proto', [], ['.', '.']],
    ['./protos/greeter.proto', [], ['protos', '.']],
    ['/abs/greeter.proto', ['x'], ['x', '/abs', '.']],
    [undefined, [], []],
    [undefined, ['x'], ['x']],
  ];
  for (const [proto, paths, want] of table) assert.deepEqual(ghzImportPaths({ proto }, paths), want, String(proto));
});
