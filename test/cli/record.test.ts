/**
 * The run record: `--result FILE` writes what the `json` report writes, and `loadgen report
 * --type T FILE` renders every report type from it byte for byte as the live run printed it
 * (HTTP open and closed loop with errors, a mixed HTTP/gRPC run, and `loadgen grpc`'s ghz formats).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startReferenceServer, type ReferenceServer } from '../../src/servers/reference-server.js';
import { startGrpcReferenceServer, type GrpcReferenceServer } from '../../src/servers/grpc-reference-server.js';
import { spawnSync } from 'node:child_process';
import { CLI, runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-record-'));
const HIST = 'vegeta-hist[0,500us,1ms,2ms,5ms]';
/** LOAD_TYPES are the --report types of the load commands; each one's live output goes to a file. */
const LOAD_TYPES = ['text', 'json', 'vegeta-text', 'vegeta-json', HIST, 'hdrplot'] as const;

let http: ReferenceServer;
let grpc: GrpcReferenceServer;

/** LiveRun is a finished run: its record and the file of each report it printed. */
interface LiveRun {
  readonly record: string;
  readonly reports: Map<string, string>;
}

/** runLive runs loadgen with every report type to a file of its own and --result. */
async function runLive(name: string, args: readonly string[], types: readonly string[]): Promise<LiveRun> {
  const record = join(dir, `${name}.record.json`);
  const reports = new Map(types.map((t, i) => [t, join(dir, `${name}.${i}.out`)]));
  const flags = types.flatMap((t) => ['--report', `${t}=${reports.get(t)}`]);
  const r = await runCli([...args, ...flags, '--result', record]);
  assert.equal(r.code, 0, r.stderr);
  return { record, reports };
}

/** assertReportsAgain checks `loadgen report --type T record` against each live report. */
async function assertReportsAgain(run: LiveRun, type: string): Promise<void> {
  const again = await runCli(['report', '--type', type, run.record]);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout, readFileSync(run.reports.get(type)!, 'utf8'), `${type} from the record differs from the live one`);
}

let open: LiveRun;
let closed: LiveRun;
before(async () => {
  http = await startReferenceServer({ port: 0, errorRate: 0.2 });
  grpc = await startGrpcReferenceServer({ port: 0 });
  open = await runLive('open', ['infer', '--url', http.url, '--model', 'iris', '--rate', '300', '-d', '1s'], LOAD_TYPES);
  closed = await runLive('closed', ['attack', '--url', `${http.url}/v2/health/ready`, '--vus', '2', '-n', '150', '--name', 'shard "a"'], LOAD_TYPES);
});
after(async () => {
  await http.close();
  await grpc.close();
});

test('the record is the json report, with what the re-reports need', () => {
  const record = readFileSync(open.record, 'utf8');
  assert.equal(record, readFileSync(open.reports.get('json')!, 'utf8'));
  const doc = JSON.parse(record) as Record<string, any>;
  assert.equal(doc.schema, 'loadgen.result/v1');
  assert.ok(doc.errors.length > 0 && doc.status_codes['500'] > 0, 'the error injection shows');
  assert.ok(doc.series.length >= 1 && doc.series.every((s: any) => s.histograms.length >= 1));
  assert.ok(doc.generator.cpu_user_s > 0 && doc.generator.peak_rss_bytes > 10_000_000, JSON.stringify(doc.generator));
  assert.equal(doc.env.node_version, process.version);
  assert.equal(typeof doc.latency.service.exact.total_ns, 'number');
  assert.equal(doc.call_log, null);
  assert.equal(doc.ghz, null);
});

for (const type of LOAD_TYPES) {
  test(`report --type ${type} on the record of an open-loop run with errors equals the live ${type}`, () => assertReportsAgain(open, type));
  test(`report --type ${type} on the record of a closed-loop run equals the live ${type}`, () => assertReportsAgain(closed, type));
}

test('a mixed HTTP/gRPC run: text and json from the record equal the live ones (grpc:-keyed status codes)', async () => {
  const args = ['infer', '--url', http.url, '--grpc-url', grpc.address, '--mix', 'http:1,grpc:1', '--model', 'iris', '-n', '60', '--vus', '2'];
  const mixed = await runLive('mixed', args, ['text', 'json']);
  assert.match(readFileSync(mixed.record, 'utf8'), /"grpc:OK": \d+/);
  await assertReportsAgain(mixed, 'text');
  await assertReportsAgain(mixed, 'json');
});

test('a judged run: iter8 and k6-summary from the record equal the live ones, verdicts and check included', async () => {
  const thresholds = join(dir, 'thresholds.json');
  writeFileSync(thresholds, JSON.stringify({ thresholds: { http_req_duration: ['p(95)<500'], http_req_failed: ['rate<0.01'] } }));
  const args = ['infer', '--url', http.url, '--model', 'iris', '--rate', '200', '-d', '1s', '--slo', 'p99<=1s', '--slo', 'http/error-rate<0.5', '--thresholds', thresholds];
  const record = join(dir, 'judged.record.json');
  const reports = new Map([['iter8', join(dir, 'judged.iter8.out')], ['k6-summary', join(dir, 'judged.k6.out')], ['json', join(dir, 'judged.json.out')]]);
  const r = await runCli([...args, ...[...reports].flatMap(([t, f]) => ['--report', `${t}=${f}`]), '--result', record]);
  // The server fails 20 % of inferences, so http_req_failed's rate<0.01 fails the run.
  assert.equal(r.code, 99, r.stderr);
  const doc = JSON.parse(readFileSync(record, 'utf8')) as Record<string, any>;
  assert.deepEqual(doc.slos.map((s: any) => s.pass), [true, true, true, false]);
  const k6 = JSON.parse(readFileSync(reports.get('k6-summary')!, 'utf8')) as Record<string, any>;
  assert.equal(k6.metrics.http_req_failed.thresholds['rate<0.01'], true, 'a failed threshold is true in k6');
  assert.ok(k6.metrics.checks !== undefined, 'a checked run carries k6 checks');
  await assertReportsAgain({ record, reports }, 'iter8');
  await assertReportsAgain({ record, reports }, 'k6-summary');
  await assertReportsAgain({ record, reports }, 'json');
});

const ECHO = ['--insecure', '--proto', 'protos/loadgen/echo.proto', '--call', 'loadgen.echo.Echo/Unary', '-d', '{"text":"hi"}'];

/** GHZ_CASES are `loadgen grpc -O F` and the `loadgen report --type` that renders F from the record. */
const GHZ_CASES: ReadonlyArray<readonly [format: string, type: string, extra: readonly string[]]> = [
  ['summary', 'ghz-summary', ['--name', 'rec', '--tags', '{"b":"2","a":"1"}']],
  ['json', 'ghz-json', ['--details', '--tags', '{"env":"x"}', '--count-errors']],
  ['pretty', 'ghz-pretty', ['--details']],
  ['csv', 'ghz-csv', []],
  ['text', 'text', []],
  ['lg-json', 'json', []],
];

for (const [format, type, extra] of GHZ_CASES) {
  test(`loadgen grpc -O ${format}: report --type ${type} on its record prints the same bytes`, async () => {
    const out = join(dir, `grpc-${format}.out`);
    const record = join(dir, `grpc-${format}.record.json`);
    const r = await runCli(['grpc', ...ECHO, '--rps', '200', '-z', '1s', ...extra, '-O', format, '-o', out, '--result', record, grpc.address]);
    assert.equal(r.code, 0, r.stderr);
    const again = await runCli(['report', '--type', type, record]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout, readFileSync(out, 'utf8'));
  });
}

test('a gRPC record refuses vegeta reports and an HTTP record ghz ones, with one line each', async () => {
  const grpcRecord = join(dir, 'grpc-csv.record.json');
  const vegeta = await runCli(['report', '--type', 'vegeta-text', grpcRecord]);
  assert.equal(vegeta.code, 2);
  assert.match(vegeta.stderr, /^loadgen: .*vegeta-text is for HTTP results; this record is of a gRPC run.*\n$/);
  const ghz = await runCli(['report', '--type', 'ghz-summary', open.record]);
  assert.equal(ghz.code, 2);
  assert.match(ghz.stderr, /^loadgen: .*ghz-summary needs a record of `loadgen grpc`.*\n$/);
});

test('a record written before the new keys (plain v1 json report) still reports, but is not merged', async () => {
  const doc = JSON.parse(readFileSync(open.record, 'utf8')) as Record<string, any>;
  for (const key of ['active_ns', 'call_log', 'ghz', 'generator', 'env']) delete doc[key];
  for (const l of [doc.latency.service, doc.latency.response]) delete l.exact;
  for (const s of doc.series) delete s.histograms;
  const old = join(dir, 'old-v1.json');
  writeFileSync(old, JSON.stringify(doc, null, 2) + '\n');
  const text = await runCli(['report', '--type', 'text', old]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^loadgen infer: .*\n.*\n\nRequests +300 sent/);
  const merged = await runCli(['merge', old, open.record]);
  assert.equal(merged.code, 2);
  assert.match(merged.stderr, /^loadgen: merge: .*old-v1.json has no per-second histograms .*\n$/);
});

test('report --type html on two records overlays both runs in one page, labelled by name or file name', async () => {
  const out = join(dir, 'both.html');
  const r = await runCli(['report', '--type', `html=${out}`, open.record, closed.record]);
  assert.equal(r.code, 0, r.stderr);
  const html = readFileSync(out, 'utf8');
  assert.match(html, /<title>loadgen: open\.record\.json vs shard &quot;a&quot;<\/title>/);
  const text = await runCli(['report', '--type', 'text', open.record, closed.record]);
  assert.equal(text.code, 2);
  assert.match(text.stderr, /^loadgen: report reads one record .* not both or several records; combine records with: loadgen merge .*\n$/);
});

test('a record piped to loadgen report on stdin is sniffed as a record', () => {
  const r = spawnSync(process.execPath, [CLI, 'report', '--type', 'vegeta-json'], { input: readFileSync(open.record), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, readFileSync(open.reports.get('vegeta-json')!, 'utf8'));
});
