/**
 * k6's CSV results (`--output-format k6-csv`, later `--out csv=FILE`) from real runs: k6's
 * header once, the rows of every request, values that parse, totals that match the run.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import { startReferenceServer, type ReferenceServer } from '../../src/servers/reference-server.js';
import { startGrpcReferenceServer, type GrpcReferenceServer } from '../../src/servers/grpc-reference-server.js';
import { K6_CSV_HEADER } from '../../src/results/k6-csv-encoder.js';
import { runWithJsonReport } from '../helpers/cli.js';
import { freePort } from '../helpers/ports.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-k6-csv-'));
let http: ReferenceServer;
let grpc: GrpcReferenceServer;
before(async () => {
  http = await startReferenceServer({ port: 0 });
  grpc = await startGrpcReferenceServer({ port: 0 });
});
after(async () => {
  await http.close();
  await grpc.close();
});

interface Report {
  requests: number;
  successes: number;
  start_unix_ns: string;
  bytes_in: { total: number };
  bytes_out: { total: number };
}

const COLUMNS = K6_CSV_HEADER.trimEnd().split(',');

/** csvRows splits CSV text into records of fields (Go's quoting: "" inside quotes). */
function csvRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const fields: string[] = [];
      let i = 0;
      for (;;) {
        let field = '';
        if (line[i] === '"') {
          const end = line.indexOf('",', i + 1) < 0 ? line.length - 1 : line.indexOf('",', i + 1);
          field = line.slice(i + 1, end).replace(/""/g, '"');
          i = end + 1;
        } else {
          const end = line.indexOf(',', i) < 0 ? line.length : line.indexOf(',', i);
          field = line.slice(i, end);
          i = end;
        }
        fields.push(field);
        if (i >= line.length) return fields;
        i++; // the comma
      }
    });
}

/** checkCsv asserts the file shape and returns, per metric, the rows as column -> value maps. */
function checkCsv(text: string, report: Report, metrics: readonly string[]): Map<string, Array<Record<string, string>>> {
  assert.ok(text.startsWith(K6_CSV_HEADER), 'k6 header first, once');
  assert.equal(text.split(K6_CSV_HEADER).length, 2, 'one header');
  const rows = csvRows(text.slice(K6_CSV_HEADER.length));
  assert.equal(rows.length, report.requests * metrics.length, 'requests x metrics per request');
  const startS = Number(BigInt(report.start_unix_ns) / 1_000_000_000n);
  const by = new Map<string, Array<Record<string, string>>>(metrics.map((m) => [m, []]));
  for (const row of rows) {
    assert.equal(row.length, COLUMNS.length, row.join(','));
    const rec = Object.fromEntries(COLUMNS.map((c, i) => [c, row[i]]));
    assert.ok(by.has(rec.metric_name), rec.metric_name);
    assert.match(rec.timestamp, /^\d{10}$/);
    assert.ok(Number(rec.timestamp) >= startS && Number(rec.timestamp) <= startS + 30, rec.timestamp);
    assert.match(rec.metric_value, /^\d+\.\d{6}$/, 'Go %f');
    assert.equal(rec.scenario, 'default');
    by.get(rec.metric_name)!.push(rec);
  }
  for (const m of metrics) assert.equal(by.get(m)!.length, report.requests, m);
  return by;
}

const sum = (rows: Array<Record<string, string>>) => rows.reduce((a, r) => a + Number(r.metric_value), 0);
const HTTP_METRICS = ['http_reqs', 'http_req_duration', 'http_req_failed', 'data_sent', 'data_received', 'iterations'];

for (const file of ['infer.csv', 'infer.csv.gz']) {
  test(`infer over HTTP writes k6 CSV to ${file}: one row per request and metric, totals as reported`, async () => {
    const out = join(dir, file);
    const r = await runWithJsonReport<Report>(
      ['infer', '--url', http.url, '--model', 'iris', '--rate', '100', '-n', '60', '-o', out, '--output-format', 'k6-csv'],
      dir,
    );
    assert.equal(r.code, 0, r.stderr);
    const raw = readFileSync(out);
    const gz = file.endsWith('.gz');
    assert.equal(raw[0] === 0x1f && raw[1] === 0x8b, gz, 'gzip exactly when the name ends in .gz');
    const report = r.report!;
    assert.equal(report.requests, 60);
    const by = checkCsv((gz ? gunzipSync(raw) : raw).toString('utf8'), report, HTTP_METRICS);
    assert.equal(sum(by.get('http_reqs')!), report.requests);
    assert.equal(sum(by.get('iterations')!), report.requests);
    assert.equal(sum(by.get('http_req_failed')!), report.requests - report.successes);
    assert.equal(sum(by.get('data_sent')!), report.bytes_out.total);
    assert.equal(sum(by.get('data_received')!), report.bytes_in.total);
    for (const rec of by.get('http_req_duration')!) {
      assert.ok(Number(rec.metric_value) > 0 && Number(rec.metric_value) < 5000, rec.metric_value);
      assert.deepEqual([rec.method, rec.status, rec.expected_response, rec.url], ['POST', '200', 'true', `${http.url}/v2/models/iris/infer`]);
      assert.equal(rec.name, rec.url);
    }
  });
}

test('infer over gRPC writes grpc_req_duration rows with the method tags and the gRPC code', async () => {
  const out = join(dir, 'grpc.csv');
  const r = await runWithJsonReport<Report>(
    ['infer', '--transport', 'grpc', '--url', grpc.address, '--model', 'iris', '--rate', '100', '-n', '30', '-o', out, '--output-format', 'k6-csv'],
    dir,
  );
  assert.equal(r.code, 0, r.stderr);
  const by = checkCsv(readFileSync(out, 'utf8'), r.report!, ['grpc_req_duration', 'data_sent', 'data_received', 'iterations']);
  assert.equal(sum(by.get('iterations')!), 30);
  for (const rec of by.get('grpc_req_duration')!) {
    assert.deepEqual(
      [rec.status, rec.service, rec.method, rec.name, rec.url],
      ['0', 'inference.GRPCInferenceService', 'ModelInfer', '/inference.GRPCInferenceService/ModelInfer', `${grpc.address}/inference.GRPCInferenceService/ModelInfer`],
    );
  }
});

test('a refused connection is a failed request with status 0 and k6 error code 1212', async () => {
  const out = join(dir, 'refused.csv');
  const url = `http://127.0.0.1:${await freePort()}/`;
  const r = await runWithJsonReport<Report>(['attack', '--url', url, '--rate', '50', '-n', '5', '-o', out, '--output-format', 'k6-csv'], dir);
  // Not one success: exit 1 (issue 12); the CSV is still written.
  assert.equal(r.code, 1, r.stderr);
  const by = checkCsv(readFileSync(out, 'utf8'), r.report!, HTTP_METRICS);
  assert.equal(sum(by.get('http_req_failed')!), 5);
  for (const rec of by.get('http_reqs')!) {
    assert.deepEqual([rec.status, rec.error_code, rec.expected_response], ['0', '1212', 'false']);
    assert.match(rec.error, /connection refused/);
  }
});
