import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { K6_CSV_HEADER, K6_CSV_ROWS, encodeK6CsvRows } from '../../src/results/k6-csv-encoder.js';
import type { ResultRecord } from '../../src/results/result-record.js';

// Sent 2026-12-03T12:00:00.9Z, 250.5 ms: the samples are stamped at the end, in the next second.
const SENT_NS = 1_764_763_200_900_000_000n;

function record(over: Partial<ResultRecord>): ResultRecord {
  return {
    attack: '',
    seq: 0,
    code: 200,
    timestampUnixNs: SENT_NS,
    latencyNs: 250_500_000,
    bytesOut: 120,
    bytesIn: 239,
    error: '',
    body: null,
    method: 'POST',
    url: 'http://127.0.0.1:8080/v2/models/iris/infer',
    headers: null,
    ...over,
  };
}

const HEADER_COLUMNS = K6_CSV_HEADER.trimEnd().split(',');

describe('k6 CSV encoder', () => {
  it('has k6 default header: system tags sorted, then extra_tags and metadata', () => {
    assert.equal(
      K6_CSV_HEADER,
      'metric_name,timestamp,metric_value,check,error,error_code,expected_response,group,method,name,proto,scenario,service,status,subproto,tls_version,url,extra_tags,metadata\n',
    );
    const tags = HEADER_COLUMNS.slice(3, -2);
    assert.deepEqual(tags, [...tags].sort());
  });

  it('writes the six rows of an HTTP request with %f values, Unix-second end time and k6 tags', () => {
    const u = 'http://127.0.0.1:8080/v2/models/iris/infer';
    const tags = `,,,,true,,POST,${u},,default,,200,,,${u},,`;
    const it = ',,,,,,,,,default,,,,,,,';
    assert.equal(
      encodeK6CsvRows(record({}), false),
      [
        `http_reqs,1764763201,1.000000${tags}`,
        `http_req_duration,1764763201,250.500000${tags}`,
        `http_req_failed,1764763201,0.000000${tags}`,
        `data_sent,1764763201,120.000000${it}`,
        `data_received,1764763201,239.000000${it}`,
        `iterations,1764763201,1.000000${it}`,
        '',
      ].join('\n'),
    );
  });

  it('marks failures: transport errors with k6 codes, statuses from 400 with 1000 + status, failed checks', () => {
    const refused = 'Post "http://127.0.0.1:9/": dial tcp 127.0.0.1:9: connect: connection refused';
    const noResponse = encodeK6CsvRows(record({ code: 0, error: refused, bytesIn: 0 }), false).split('\n')[2];
    assert.equal(noResponse, `http_req_failed,1764763201,1.000000,,${JSON.stringify(refused).replace(/\\"/g, '""')},1212,false,,POST,${record({}).url},,default,,0,,,${record({}).url},,`);
    const status = encodeK6CsvRows(record({ code: 503, error: '503 Service Unavailable' }), false).split('\n')[2].split(',');
    assert.deepEqual([status[2], status[4], status[5], status[6], status[13]], ['1.000000', '', '1503', 'false', '503']);
    const check = encodeK6CsvRows(record({ error: 'check: missing output "OUTPUT1"' }), false).split('\n')[2].split(',');
    assert.deepEqual([check[2], check[4], check[5], check[6]], ['1.000000', '', '', 'true']);
    const timeout = encodeK6CsvRows(record({ code: 0, error: 'Post "http://x/": context deadline exceeded (Client.Timeout exceeded while awaiting headers)' }), false);
    assert.match(timeout, /^http_reqs,\d+,1\.000000,,"(?:[^"]|"")+",1050,false,/);
  });

  it('writes a gRPC call as grpc_req_duration with name, service, method and the plain gRPC code', () => {
    const url = '127.0.0.1:8001/inference.GRPCInferenceService/ModelInfer';
    // Unavailable (14): results records carry the gRPC code as is; the origin's scheme is not in k6's url tag.
    const rows = encodeK6CsvRows(record({ url: `http://${url}`, code: 14, error: 'rpc error: code = Unavailable' }), true).split('\n');
    assert.equal(rows.length, K6_CSV_ROWS.grpc + 1);
    assert.equal(
      rows[0],
      `grpc_req_duration,1764763201,250.500000,,,,,,ModelInfer,/inference.GRPCInferenceService/ModelInfer,,default,inference.GRPCInferenceService,14,,,${url},,`,
    );
    assert.deepEqual(rows.slice(1, 4).map((r) => r.split(',')[0]), ['data_sent', 'data_received', 'iterations']);
  });

  it('gives every row the header column count', () => {
    for (const [r, grpc] of [[record({}), false], [record({ code: 404 }), false], [record({ url: 'h:1/a.B/C' }), true]] as const) {
      const rows = encodeK6CsvRows(r, grpc).trimEnd().split('\n');
      assert.equal(rows.length, grpc ? K6_CSV_ROWS.grpc : K6_CSV_ROWS.http);
      for (const row of rows) assert.equal(row.split(',').length, HEADER_COLUMNS.length, row);
    }
  });
});
