/**
 * Flags from the command line, LOADGEN_* variables, the Seldon suite's env contract and
 * `--config FILE`, as a user runs loadgen: precedence flag > env > contract env > file > default,
 * each value's source shown by --print-config (which sends nothing); bad config is one line and
 * exit 2 before any load; a repeated scalar flag takes its last value; and --config drives every
 * run command end to end against the reference servers.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startGrpcReferenceServer, type GrpcReferenceServer } from '../../src/servers/grpc-reference-server.js';
import { startReferenceServer, type ReferenceServer } from '../../src/servers/reference-server.js';
import { runCli, startCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-config-'));
let http: ReferenceServer;
let grpc: GrpcReferenceServer;
before(async () => {
  http = await startReferenceServer({ port: 0, modelInstances: true });
  grpc = await startGrpcReferenceServer({ port: 0 });
});
after(() => Promise.all([http.close(), grpc.close()]));

/** file writes text to a new file in dir and returns its path. */
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** shown is one flag's row of --print-config: [value, source]. */
function shown(stdout: string, flag: string): [string, string] {
  const m = new RegExp(`^  --${flag}\\s+(.+?)\\s{2,}(\\S.*)$`, 'm').exec(stdout);
  assert.ok(m !== null, `no --${flag} row in:\n${stdout}`);
  return [m[1]!, m[2]!];
}

test('precedence table: the same flag from default, file, env and flag; --print-config shows the value and its source, exit 0, nothing sent', async () => {
  const config = file('precedence.yaml', '# rate for the run\nrate: 50\nmax-in-flight: 8\n');
  const base = ['attack', '--url', http.url, '--print-config'];
  // argv, env                                                              --rate's value and source
  const cases: Array<[string[], Record<string, string>, [string, string]]> = [
    [[], {}, ['(not set)', 'default']],
    [['--config', config], {}, ['50', `file ${config}:2`]],
    [[], { LOADGEN_CONFIG: config }, ['50', `file ${config}:2`]],
    [['--config', config], { LOADGEN_RATE: '60' }, ['60', 'env LOADGEN_RATE']],
    [[], { LOADGEN_RATE: '60' }, ['60', 'env LOADGEN_RATE']],
    [['--config', config, '--rate', '70'], { LOADGEN_RATE: '60' }, ['70', 'flag']],
    [['--config', config, '--rate', '70'], {}, ['70', 'flag']],
    [['--config', join(dir, 'missing.yaml'), '--config', config], {}, ['50', `file ${config}:2`]],
    [['--rate', '10', '--rate', '70'], { LOADGEN_RATE: '60' }, ['70', 'flag']],
  ];
  const before = http.stats.requests;
  const results = await Promise.all(cases.map(([args, env]) => runCli([...base, ...args], env)));
  results.forEach((r, i) => {
    const [args, env, want] = cases[i]!;
    const what = `${JSON.stringify(env)} ${args.join(' ')}`;
    assert.equal(r.code, 0, `${what}: ${r.stderr}`);
    assert.equal(r.stderr, '', what);
    assert.deepEqual(shown(r.stdout, 'rate'), want, what);
  });
  // The other flags of the same runs: a file value under an env var of another flag stays the file's.
  assert.deepEqual(shown(results[3]!.stdout, 'max-in-flight'), ['8', `file ${config}:3`]);
  assert.deepEqual(shown(results[0]!.stdout, 'url'), [http.url, 'flag']);
  assert.deepEqual(shown(results[0]!.stdout, 'timeout'), ['(30s)', 'default'], 'an unset flag shows the default its help states');
  assert.equal(http.stats.requests, before, '--print-config sends nothing');
});

test("--print-config for infer: Seldon's contract ranks below LOADGEN_* and above the file; LOADGEN_* names of no flag are listed", async () => {
  const config = file('infer.yaml', 'rate: 50\nmodel: iris\n');
  const env = { REQUEST_RATE: '55', MODEL_TYPE: 'iris', MAX_NUM_MODELS: '3', INFER_HTTP_ENDPOINT: http.url, LOADGEN_RPS: '9' };
  const [contract, loadgen] = await Promise.all([
    runCli(['infer', '--config', config, '--print-config'], env),
    runCli(['infer', '--config', config, '--print-config'], { ...env, LOADGEN_RATE: '60', LOADGEN_MODELS: 'tfsimple:2' }),
  ]);
  assert.equal(contract.code, 0, contract.stderr);
  assert.deepEqual(shown(contract.stdout, 'rate'), ['55', "env REQUEST_RATE (Seldon k6 suite's contract)"]);
  assert.deepEqual(shown(contract.stdout, 'models'), ['iris:3', "env MODEL_TYPE, MAX_NUM_MODELS (Seldon k6 suite's contract)"]);
  assert.deepEqual(shown(contract.stdout, 'url'), [http.url, "env INFER_HTTP_ENDPOINT (Seldon k6 suite's contract)"]);
  assert.deepEqual(shown(contract.stdout, 'model'), ['iris', `file ${config}:2`]);
  assert.match(contract.stdout, /^not flags of loadgen infer, ignored: LOADGEN_RPS$/m);
  assert.equal(loadgen.code, 0, loadgen.stderr);
  assert.deepEqual(shown(loadgen.stdout, 'rate'), ['60', 'env LOADGEN_RATE']);
  assert.deepEqual(shown(loadgen.stdout, 'models'), ['tfsimple:2', 'env LOADGEN_MODELS']);
});

test('bad config, bad env: one line naming the key (file:line) and the fix, exit 2, nothing sent', async () => {
  const unknown = file('unknown.yaml', 'url: http://127.0.0.1:1/\nrate: 5\nrat: 10\n');
  const wrongType = file('type.json', '{\n  "rate": 5,\n  "maxInFlight": "many"\n}\n');
  const badYaml = file('bad.yaml', 'rate: 5\nheader: [a, b\n');
  const list = file('list.yaml', 'duration: [1s, 2s]\n');
  const target = ['--url', http.url, '-n', '1'];
  // argv, env                                                      what the one line must say
  const cases: Array<[string[], Record<string, string>, RegExp]> = [
    [['attack', '--config', unknown], {}, new RegExp(`^loadgen: ${unknown}:3: unknown key "rat": not a flag of loadgen attack \\(did you mean rate\\?\\)\n$`)],
    [['attack', ...target, '--config', wrongType], {}, new RegExp(`^loadgen: ${wrongType}:3: max-in-flight expects a number, got "many" \\(fix: max-in-flight: 10\\)\n$`)],
    [['attack', ...target, '--config', badYaml], {}, new RegExp(`^loadgen: ${badYaml}:3: not valid YAML or JSON: Flow sequence`)],
    [['attack', ...target, '--config', list], {}, /duration takes one value, got a list/],
    [['attack', ...target, '--config', join(dir, 'missing.yaml')], {}, /^loadgen: --config: cannot read "[^"]+missing.yaml": no such file\n$/],
    [['attack', ...target, '--config', dir], {}, /--config: cannot read "[^"]+": it is a directory/],
    [['attack', ...target], { LOADGEN_CONFIG: join(dir, 'missing.yaml') }, /--config: cannot read "[^"]+missing.yaml": no such file/],
    [['attack', ...target], { LOADGEN_MAX_IN_FLIGHT: 'many' }, /^loadgen: LOADGEN_MAX_IN_FLIGHT: max-in-flight expects a number, got "many" \(fix: LOADGEN_MAX_IN_FLIGHT=10\)\n$/],
    [['infer', '--model', 'iris', '-n', '1'], {}, /^loadgen: Missing required argument: url \(give it as --url, set LOADGEN_URL, or put "url:" in the --config file\)\n$/],
    [['grpc', '--insecure', '--proto', 'v2'], {}, /Missing required argument: host \(give it as the host argument, set LOADGEN_HOST/],
    [['infer', ...target, '--model', 'iris'], { INFER_BATCH_SIZE: '1,8' }, /^loadgen: INFER_BATCH_SIZE=1,8: loadgen infer sends one batch size to every model/],
  ];
  const before = http.stats.requests;
  const results = await Promise.all(cases.map(([args, env]) => runCli(args, env)));
  results.forEach((r, i) => {
    const [args, env, want] = cases[i]!;
    const what = `${JSON.stringify(env)} ${args.join(' ')}`;
    assert.equal(r.code, 2, `${what}: ${r.stderr}`);
    assert.equal(r.stdout, '', what);
    assert.match(r.stderr, /^loadgen: [^\n]*\n$/, `one line for ${what}: ${r.stderr}`);
    assert.match(r.stderr, want, what);
  });
  assert.equal(http.stats.requests, before, 'no load sent');
});

/** dryRun is the plan a command line prints with --dry-run. */
async function dryRun(args: string[], env: Record<string, string> = {}): Promise<Record<string, any>> {
  const r = await runCli([...args, '--dry-run'], env);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, any>;
}

test('a repeated scalar flag takes its last value (as k6 and vegeta), short and long forms alike', async () => {
  const attack = ['attack', '--url', http.url];
  const grpcCall = ['grpc', '--insecure', '--proto', 'v2', '--call', 'inference.GRPCInferenceService/ServerLive', grpc.address];
  // argv                                                                  what the plan must hold
  const cases: Array<[string[], (p: Record<string, any>) => unknown, unknown]> = [
    [[...attack, '--rate', '10', '--rate', '20', '-d', '1s'], (p) => p.load.rate.freq, 20],
    [[...attack, '--rate', '10', '-d', '1s', '-d', '2s'], (p) => p.stop.durationNs, 2e9],
    [[...attack, '--rate', '10', '-d', '1s', '--duration', '3s'], (p) => p.stop.durationNs, 3e9],
    [[...attack, '--rate', '10', '--timeout', '1s', '--timeout', '2s'], (p) => p.http.timeoutNs, 2e9],
    [[...attack, '--vus', '1', '--vus', '2', '-d', '1s'], (p) => p.load.vus, 2],
    [[...attack, '--rate', '10', '-n', '5', '-n', '7'], (p) => p.stop.iterations, 7],
    [[...attack, '--rate', '10', '--max-in-flight', '3', '--max-in-flight', '4'], (p) => p.load.maxInFlight, 4],
    [['infer', '--url', http.url, '--model', 'iris', '--model', 'tfsimple', '--rate', '5', '-n', '1'], (p) => p.source.requests[0].path, '/v2/models/tfsimple/infer'],
    [[...grpcCall, '-z', '1s', '-z', '2s', '--rps', '5', '--rps', '7'], (p) => [p.stop.durationNs, p.load.rate.freq], [2e9, 7]],
    [[...grpcCall, '-c', '3', '-c', '4', '-n', '10'], (p) => p.load.vus, 4],
    [['lifecycle', '--url', http.url, '--models', 'iris:2', '--concurrency', '1', '--concurrency', '3'], (p) => p.concurrency, 3],
  ];

  const [plans, help] = await Promise.all([Promise.all(cases.map(([args]) => dryRun(args))), runCli(['attack', '--help'])]);
  assert.match(help.stdout.replace(/\s+/g, ' '), /A flag given twice takes its last value \(--rate 10 --rate 20 = 20\)/, '--help says so');
  plans.forEach((plan, i) => {
    const [args, read, want] = cases[i]!;
    assert.deepEqual(read(plan), want, args.join(' '));
  });
});

test('a repeatable flag from env: one entry per line; from a file: a list; the command line replaces, not adds', async () => {
  const headers = (p: Record<string, any>) => p.source.requests[0].headers as string[][];
  const base = ['attack', '--url', http.url, '-n', '1'];
  const fromEnv = await dryRun(base, { LOADGEN_HEADER: 'X-A: 1, 2\nX-B: 3\n' });
  assert.deepEqual(headers(fromEnv), [['X-A', '1, 2'], ['X-B', '3']]);
  const config = file('headers.yaml', 'header:\n  - "X-C: 4"\n  - "X-D: 5"\n');
  assert.deepEqual(headers(await dryRun([...base, '--config', config])), [['X-C', '4'], ['X-D', '5']]);
  assert.deepEqual(headers(await dryRun([...base, '--config', config, '-H', 'X-E: 6'])), [['X-E', '6']]);
});

test("Seldon's k6 suite env drives infer end to end: models, rate, duration, routing, request ids", async () => {
  const env = {
    MODEL_TYPE: 'iris',
    MAX_NUM_MODELS: '2',
    INFER_HTTP_ENDPOINT: http.url,
    INFER_TYPE: 'REST',
    REQUEST_RATE: '20',
    CONSTANT_RATE_DURATION_SECONDS: '1',
    REQUEST_ID_PREFIX: 'perf',
  };
  const before = { iris0: http.stats.byModel.get('iris0') ?? 0, iris1: http.stats.byModel.get('iris1') ?? 0 };
  const r = await runCli(['infer', '--report', `json=${join(dir, 'seldon.json')}`], env);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(readFileSync(join(dir, 'seldon.json'), 'utf8')) as { requests: number; status_codes: Record<string, number> };
  assert.equal(report.requests, 20, 'REQUEST_RATE 20 for CONSTANT_RATE_DURATION_SECONDS 1');
  assert.deepEqual(report.status_codes, { '200': 20 });
  const sent = { iris0: http.stats.byModel.get('iris0')! - before.iris0, iris1: http.stats.byModel.get('iris1')! - before.iris1 };
  assert.deepEqual(sent, { iris0: 10, iris1: 10 }, 'MODEL_TYPE x MAX_NUM_MODELS: iris0 and iris1, round-robin');
  const last = http.stats.lastRequests.at(-1)!;
  assert.equal(last.headers['seldon-model'], last.model, 'routed by the seldon-model header, as through Envoy');
  assert.match(String(last.headers['x-request-id']), /^perf_[A-Za-z0-9]{15}$/);
});

test('--config drives each run command end to end against the reference servers (YAML and JSON)', async () => {
  const record = (name: string) => join(dir, `${name}.record.json`);
  const attackConfig = file('attack.yaml', `url: ${http.url}/v2/health/ready\nrate: 100\niterations: 10\nresult: ${record('attack')}\nreport: [json=${join(dir, 'attack.json')}]\n`);
  const inferConfig = file('infer.json', JSON.stringify({ url: http.url, model: 'iris', rate: 100, iterations: 10, result: record('infer') }, null, 2));
  const grpcConfig = file('grpc.yaml', `host: ${grpc.address}\ninsecure: true\nproto: v2\ncall: inference.GRPCInferenceService/ServerLive\ntotal: 10\nconcurrency: 2\nformat: lg-json\noutput: ${join(dir, 'grpc.json')}\n`);
  const lifecycleConfig = file('lifecycle.yaml', `url: ${http.url}\nmodels: iris:2\ninfer-requests: 1\nreport: [json=${join(dir, 'lifecycle.json')}]\n`);
  const demoConfig = file('demo.yaml', `rate: 50\niterations: 20\nreport: [json=${join(dir, 'demo.json')}]\n`);
  const before = { ready: http.stats.byPath.get('/v2/health/ready') ?? 0, grpc: grpc.stats.requests };
  const runs = await Promise.all([
    runCli(['attack', '--config', attackConfig]),
    runCli(['infer', '--config', inferConfig]),
    runCli(['grpc', '--config', grpcConfig]),
    runCli(['lifecycle', '--config', lifecycleConfig]),
    runCli(['demo', '--config', demoConfig]),
  ]);
  for (const r of runs) assert.equal(r.code, 0, r.stderr);
  const json = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, any>;
  assert.equal(json('attack.json').requests, 10);
  assert.equal(http.stats.byPath.get('/v2/health/ready')! - before.ready, 10, 'the attack reached the server 10 times');
  assert.equal(json('infer.record.json').requests, 10);
  assert.equal(grpc.stats.requests - before.grpc, 10, 'grpc total: 10');
  assert.equal(json('lifecycle.json').model_cycles.ok, 2);
  assert.equal(json('demo.json').requests, 20);
  // compare: its positional files from a config file too.
  const compareConfig = file('compare.yaml', `files:\n  - ${record('attack')}\n  - ${record('infer')}\nreport: [json=${join(dir, 'compare.json')}]\n`);
  const compared = await runCli(['compare', '--config', compareConfig]);
  assert.equal(compared.code, 0, compared.stderr);
  assert.ok(json('compare.json'), 'compare wrote its json report');
  // report and merge: config and env, and a repeated --output / --result takes the last path.
  const reportConfig = file('report.yaml', `files: [${record('attack')}]\ntype: json\n`);
  const [reported, merged] = await Promise.all([
    runCli(['report', '--config', reportConfig, '-o', join(dir, 'unused.json'), '--output', join(dir, 'report.json')]),
    runCli(['merge', record('attack'), record('attack'), '--result', join(dir, 'unused.json'), '--result', join(dir, 'merged.json')], { LOADGEN_REPORT: `json=${join(dir, 'merged-report.json')}` }),
  ]);
  assert.equal(reported.code, 0, reported.stderr);
  assert.equal(json('report.json').requests, 10);
  assert.equal(merged.code, 0, merged.stderr);
  assert.equal(json('merged.json').requests, 20);
  assert.equal(json('merged-report.json').requests, 20);
  assert.throws(() => readFileSync(join(dir, 'unused.json')), /ENOENT/, 'the earlier of two paths is not written');
});

test('serve takes its port from LOADGEN_PORT and its latency from --config', async () => {
  const config = file('serve.yaml', 'latency: 1ms\n');
  const { child, done } = startCli(['serve', '--config', config], { LOADGEN_PORT: '0' });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let err = '';
      child.stderr!.on('data', (d: string) => {
        err += d;
        const m = /listening on (http:\/\/\S+)/.exec(err);
        if (m !== null) resolve(m[1]!);
      });
      child.once('exit', () => reject(new Error(`serve exited: ${err}`)));
    });
    assert.doesNotMatch(url, /:8000\b/, 'port 0 from LOADGEN_PORT, not the default 8000');
    const ready = await fetch(new URL('v2/health/ready', url.endsWith('/') ? url : `${url}/`));
    assert.equal(ready.status, 200);
  } finally {
    child.kill('SIGTERM');
    await done;
  }
});
