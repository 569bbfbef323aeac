// Exact vegeta JSON and CSV lines for hand-built records (spec vegeta.md 3.2, 3.3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeCsvLine, encodeJsonLine } from '../../src/results/results-encoder.js';
import type { ResultRecord } from '../../src/results/result-record.js';

// Timestamps are formatted in the local zone; pin it before any Date use.
process.env.TZ = 'UTC';

function record(over: Partial<ResultRecord>): ResultRecord {
  return {
    attack: '',
    seq: 0,
    code: 200,
    timestampUnixNs: 1795285053031151354n, // 2026-11-21T18:17:33.031151354Z
    latencyNs: 1484252,
    bytesOut: 0,
    bytesIn: 6,
    error: '',
    body: Buffer.from('hello\n'),
    method: 'GET',
    url: 'http://127.0.0.1:8080/',
    headers: { 'Content-Length': ['6'] },
    ...over,
  };
}

test('encodeJsonLine writes the spec example line byte for byte', () => {
  assert.equal(
    encodeJsonLine(record({})),
    '{"attack":"","seq":0,"code":200,"timestamp":"2026-11-21T18:17:33.031151354Z","latency":1484252,' +
      '"bytes_out":0,"bytes_in":6,"error":"","body":"aGVsbG8K","method":"GET",' +
      '"url":"http://127.0.0.1:8080/","headers":{"Content-Length":["6"]}}\n',
  );
});

test('encodeJsonLine writes null body and headers for a failed request, "" for an empty body', () => {
  const failed = record({ code: 0, bytesIn: 0, error: 'connection refused', body: null, headers: null });
  assert.equal(
    encodeJsonLine(failed),
    '{"attack":"","seq":0,"code":0,"timestamp":"2026-11-21T18:17:33.031151354Z","latency":1484252,' +
      '"bytes_out":0,"bytes_in":0,"error":"connection refused","body":null,"method":"GET",' +
      '"url":"http://127.0.0.1:8080/","headers":null}\n',
  );
  const empty = encodeJsonLine(record({ body: Buffer.alloc(0), headers: {} }));
  assert.match(empty, /"body":"",/);
  assert.match(empty, /"headers":\{\}\}\n$/);
});

test('encodeJsonLine trims fractional zeros and drops the dot on whole seconds', () => {
  const cases: [bigint, string][] = [
    [1795285053000000000n, '2026-11-21T18:17:33Z'],
    [1795285053100000000n, '2026-11-21T18:17:33.1Z'],
    [1795285053000000010n, '2026-11-21T18:17:33.00000001Z'],
    [1795285054000000001n, '2026-11-21T18:17:34.000000001Z'],
  ];
  for (const [ns, text] of cases) {
    assert.match(encodeJsonLine(record({ timestampUnixNs: ns })), new RegExp(`"timestamp":"${text}"`));
  }
});

test('encodeJsonLine writes the local zone offset', () => {
  const saved = process.env.TZ;
  process.env.TZ = 'Europe/Berlin';
  try {
    // Seconds not used above, so the per-second cache cannot hide the zone change.
    const winter = encodeJsonLine(record({ timestampUnixNs: 1767319445120000000n }));
    assert.match(winter, /"timestamp":"2026-01-02T03:04:05\.12\+01:00"/);
    const summer = encodeJsonLine(record({ timestampUnixNs: 1782000000000000000n }));
    assert.match(summer, /"timestamp":"2026-06-21T02:00:00\+02:00"/);
  } finally {
    process.env.TZ = saved;
  }
});

test('encodeJsonLine escapes strings as Go encoding/json does', () => {
  const line = encodeJsonLine(
    record({
      attack: 'a<b>&c',
      error: '"q"\\ \n\r\t\b\f\u0001\u001f\u007f \u2028\u2029 \ud800x 😀 é',
      url: 'http://h/?a=1&b=<2>',
      headers: { 'X-<Odd>': ['v&1', 'line\u2028'] },
    }),
  );
  assert.match(line, /^\{"attack":"a\\u003cb\\u003e\\u0026c",/);
  assert.ok(
    line.includes(
      '"error":"\\"q\\"\\\\ \\n\\r\\t\\b\\f\\u0001\\u001f\u007f \\u2028\\u2029 \\ufffdx 😀 é",',
    ),
    line,
  );
  assert.ok(line.includes('"url":"http://h/?a=1\\u0026b=\\u003c2\\u003e"'), line);
  assert.ok(line.endsWith('"headers":{"X-\\u003cOdd\\u003e":["v\\u00261","line\\u2028"]}}\n'), line);
  // Whatever the escaping, the line is valid JSON holding the same text (lone surrogate aside).
  const parsed = JSON.parse(line) as { attack: string };
  assert.equal(parsed.attack, 'a<b>&c');
});

test('encodeJsonLine keeps header insertion order and value order', () => {
  const line = encodeJsonLine(record({ headers: { b: ['2', '1'], a: ['x'] } }));
  assert.ok(line.endsWith('"headers":{"b":["2","1"],"a":["x"]}}\n'));
});

test('encodeCsvLine writes the 12 columns of the spec', () => {
  assert.equal(
    encodeCsvLine(record({ attack: 'smoke', seq: 7, bytesOut: 3 })),
    '1795285053031151354,200,1484252,3,6,,aGVsbG8K,smoke,7,GET,http://127.0.0.1:8080/,' +
      Buffer.from('Content-Length: 6\r\n\r\n').toString('base64') +
      '\n',
  );
});

test('encodeCsvLine quotes as Go encoding/csv does', () => {
  const line = encodeCsvLine(
    record({
      error: 'Get "http://x/": dial tcp, refused',
      attack: ' leading space',
      method: 'GET',
      url: 'http://h/a,b',
      body: null,
      headers: null,
    }),
  );
  assert.equal(
    line,
    '1795285053031151354,200,1484252,0,6,"Get ""http://x/"": dial tcp, refused",,' +
      '" leading space",0,GET,"http://h/a,b",\n',
  );
  assert.equal(encodeCsvLine(record({ error: 'a\nb' })).split(',')[5], '"a\nb"');
  assert.equal(encodeCsvLine(record({ error: '\\.' })).split(',')[5], '"\\."');
  assert.equal(encodeCsvLine(record({ error: 'x ' })).split(',')[5], 'x ');
});

test('encodeCsvLine headers column is the wire form, keys sorted, values cleaned', () => {
  const line = encodeCsvLine(
    record({ headers: { 'Content-Type': ['text/plain'], B: ['1', '2'], A: [' x\r\ny '], Empty: [] } }),
  );
  const column = line.slice(0, -1).split(',')[11];
  assert.equal(
    Buffer.from(column, 'base64').toString('utf8'),
    'A: x  y\r\nB: 1\r\nB: 2\r\nContent-Type: text/plain\r\n\r\n',
  );
  assert.equal(Buffer.from(encodeCsvLine(record({ headers: {} })).slice(0, -1).split(',')[11], 'base64').toString(), '\r\n');
});

test('encodeCsvLine writes timestamps beyond 2^53 exactly', () => {
  const ns = 9007199254740993123n;
  assert.ok(encodeCsvLine(record({ timestampUnixNs: ns })).startsWith('9007199254740993123,'));
});
