// Decoding vegeta results back into records: exact round trips, format sniffing, round-robin
// reading of several files, error messages with file:line, and a seeded fuzz round trip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { decodeCsvLine, decodeJsonLine, readResults } from '../../src/results/results-decoder.js';
import { encodeCsvLine, encodeJsonLine } from '../../src/results/results-encoder.js';
import type { ResultRecord } from '../../src/results/result-record.js';
import { UsageError } from '../../src/core/errors.js';

// A zone with an offset and DST, so timestamps round-trip through non-Z offsets.
process.env.TZ = 'America/New_York';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-results-'));
let fileCount = 0;
function file(text: string | Buffer): string {
  const path = join(dir, `r${fileCount++}.txt`);
  writeFileSync(path, text);
  return path;
}

async function collect(paths: string[], stdin?: Readable): Promise<ResultRecord[]> {
  const out: ResultRecord[] = [];
  for await (const r of readResults(paths, stdin)) out.push(r);
  return out;
}

function record(over: Partial<ResultRecord>): ResultRecord {
  return {
    attack: 'smoke',
    seq: 0,
    code: 200,
    timestampUnixNs: 1795285053031151354n,
    latencyNs: 1484252,
    bytesOut: 10,
    bytesIn: 6,
    error: '',
    body: Buffer.from('hello\n'),
    method: 'POST',
    url: 'http://127.0.0.1:8080/v2/models/m/infer',
    headers: { 'Content-Type': ['text/plain'], 'Set-Cookie': ['a=1', 'b=2'] },
    ...over,
  };
}

const SAMPLES: ResultRecord[] = [
  record({}),
  record({ seq: 1, code: 0, error: 'connect ECONNREFUSED 127.0.0.1:8080', body: null, headers: null, bytesIn: 0 }),
  record({ seq: 2, code: 500, error: '500 Internal Server Error', body: Buffer.alloc(0), headers: {} }),
  record({ seq: 3, error: 'Get "http://x/": a, b', attack: ' spaced', url: 'http://h/?a=1,2&b="x"' }),
  record({ seq: 4, timestampUnixNs: 1782000000000000000n, latencyNs: 0 }), // summer time, whole second
];

test('JSON lines round-trip exactly', () => {
  for (const r of SAMPLES) assert.deepEqual(decodeJsonLine(encodeJsonLine(r)), r);
});

test('CSV lines round-trip exactly', () => {
  for (const r of SAMPLES) assert.deepEqual(decodeCsvLine(encodeCsvLine(r)), r);
});

test('decodeJsonLine reads what vegeta writes: any key order, unknown and missing keys', () => {
  const r = decodeJsonLine(
    '{"url":"http://h/","code":200,"extra":{"x":[1]},"timestamp":"2026-01-02T03:04:05.12+01:00",' +
      '"latency":5,"body":"aGk=","headers":{"Date":["x"]}}',
  );
  assert.deepEqual(r, {
    attack: '',
    seq: 0,
    code: 200,
    timestampUnixNs: 1767319445120000000n,
    latencyNs: 5,
    bytesOut: 0,
    bytesIn: 0,
    error: '',
    body: Buffer.from('hi'),
    method: '',
    url: 'http://h/',
    headers: { Date: ['x'] },
  });
  const empty = decodeJsonLine('{}');
  assert.equal(empty.timestampUnixNs, -62135596800000000000n); // Go's zero time
  assert.equal(empty.body, null);
  assert.equal(empty.headers, null);
});

test('decodeJsonLine rejects malformed records with a reason', () => {
  const cases: [string, RegExp][] = [
    ['{"seq":', /^bad JSON result: /],
    ['[1]', /not a JSON object/],
    ['{"seq":-1}', /"seq" must not be negative/],
    ['{"code":70000}', /"code" must be at most 65535/],
    ['{"latency":1.5}', /"latency" must be an integer/],
    ['{"timestamp":"yesterday"}', /"timestamp" "yesterday" is not an RFC 3339 time/],
    ['{"body":"a!b"}', /body is not valid base64/],
    ['{"headers":{"A":"x"}}', /"headers" value of "A" must be an array of strings/],
  ];
  for (const [line, message] of cases) {
    assert.throws(() => decodeJsonLine(line), (e: unknown) => e instanceof UsageError && message.test(e.message));
  }
});

test('decodeCsvLine follows Go encoding/csv: leading spaces trimmed, quotes, CRLF', () => {
  const headers = Buffer.from('content-type: a\r\nX-A:  1 \r\nX-A: 2\r\n\r\n').toString('base64');
  const r = decodeCsvLine(
    `1795285053031151354, 200,  5,0,0, "x, ""y""",,a,3,GET,"http://h/\n?q",${headers}\r\n`,
  );
  assert.equal(r.code, 200);
  assert.equal(r.latencyNs, 5);
  assert.equal(r.error, 'x, "y"');
  assert.equal(r.url, 'http://h/\n?q');
  assert.deepEqual(r.body, Buffer.alloc(0)); // headers present: a response with an empty body
  assert.deepEqual(r.headers, { 'content-type': ['a'], 'X-A': ['1', '2'] });
  const cases: [string, RegExp][] = [
    ['1,2,3', /expected 12 fields, got 3/],
    ['x,200,1,0,0,,,,0,GET,http://h/,', /timestamp "x" is not Unix nanoseconds/],
    ['1,2"0,1,0,0,,,,0,GET,http://h/,', /bare " in unquoted field 2/],
    ['1,"200"x,1,0,0,,,,0,GET,http://h/,', /extraneous " in quoted field 2/],
    ['1,200,1,0,0,"open,,,0,GET,http://h/,', /unterminated quoted field/],
    ['1,-2,1,0,0,,,,0,GET,http://h/,', /code "-2" is not a valid number/],
    ['1,200,1,0,0,,,,0,GET,http://h/,bm8tY29sb24NCg==', /malformed line "no-colon"/],
  ];
  for (const [line, message] of cases) {
    assert.throws(() => decodeCsvLine(line), (e: unknown) => e instanceof UsageError && message.test(e.message));
  }
});

test('readResults sniffs JSON and CSV per file and skips blank lines', async () => {
  const json = file('\n' + SAMPLES.map(encodeJsonLine).join('\n'));
  const csv = file(SAMPLES.map(encodeCsvLine).join('').replace(/\n/g, '\r\n'));
  assert.deepEqual(await collect([json]), SAMPLES);
  assert.deepEqual(await collect([csv]), SAMPLES);
  const bom = file('\ufeff' + SAMPLES.map(encodeJsonLine).join(''));
  assert.deepEqual(await collect([bom]), SAMPLES);
});

test('readResults reads several files round-robin, one record per file in turn', async () => {
  const a = file([0, 1, 2].map((seq) => encodeJsonLine(record({ attack: 'a', seq }))).join(''));
  const b = file(encodeCsvLine(record({ attack: 'b', seq: 0 })));
  const c = file([0, 1].map((seq) => encodeJsonLine(record({ attack: 'c', seq }))).join(''));
  const order = (await collect([a, b, c])).map((r) => `${r.attack}${r.seq}`);
  assert.deepEqual(order, ['a0', 'b0', 'c0', 'a1', 'c1', 'a2']);
});

test('readResults reads stdin for "-" and for no paths', async () => {
  const text = SAMPLES.map(encodeJsonLine).join('');
  assert.deepEqual(await collect([], Readable.from([Buffer.from(text)])), SAMPLES);
  // Chunks split mid-line and mid-character must not matter.
  const bytes = Buffer.from(SAMPLES.map(encodeCsvLine).join(''));
  const chunks = [];
  for (let i = 0; i < bytes.length; i += 7) chunks.push(bytes.subarray(i, i + 7));
  assert.deepEqual(await collect(['-'], Readable.from(chunks)), SAMPLES);
});

test('readResults joins a quoted CSV field that spans lines', async () => {
  const r = record({ error: 'first\nsecond\n\nfourth', url: 'http://h/"x"' });
  const path = file(encodeCsvLine(r) + encodeCsvLine(record({ seq: 9 })));
  const got = await collect([path]);
  assert.deepEqual(got, [r, record({ seq: 9 })]);
});

test('readResults errors name the file and line', async () => {
  const lines = [encodeJsonLine(SAMPLES[0]), '\n', '{"seq":"x"}\n'];
  const bad = file(lines.join(''));
  await assert.rejects(collect([bad]), new UsageError(`${bad}:3: bad JSON result: "seq" must be an integer`));
  const badCsv = file(encodeCsvLine(SAMPLES[0]) + '1,2,3\n');
  await assert.rejects(collect([badCsv]), new UsageError(`${badCsv}:2: bad CSV result: expected 12 fields, got 3`));
  const open = file(encodeCsvLine(SAMPLES[0]) + '1,200,1,0,0,"never closed\nmore\n');
  await assert.rejects(collect([open]), new UsageError(`${open}:2: bad CSV result: unterminated quoted field`));
  const missing = join(dir, 'missing.json');
  await assert.rejects(collect([missing]), (e: unknown) =>
    e instanceof UsageError && e.message.startsWith(`cannot read results file ${missing}: ENOENT`),
  );
});

test('readResults rejects gob (binary) files with the vegeta encode hint', async () => {
  // The opening bytes of a real gob stream of vegeta Results.
  const gob = file(Buffer.from([0x40, 0xff, 0x81, 0x03, 0x01, 0x01, 0x06, 0x52, 0x65, 0x73, 0x75, 0x6c, 0x74]));
  await assert.rejects(collect([gob]), (e: unknown) =>
    e instanceof UsageError && e.message.startsWith(`${gob}: not a JSON or CSV results file`) &&
    e.message.includes('vegeta encode -to json') && !e.message.includes('\n'),
  );
  // Control characters inside a CSV text field are not mistaken for binary data.
  const csv = record({ error: 'nul\u0000 and del\u007f' });
  assert.deepEqual(await collect([file(encodeCsvLine(csv))]), [csv]);
});

test('fuzz: random records survive encode -> decode in both formats', async () => {
  const rand = mulberry32(0x5eed);
  const records = Array.from({ length: 400 }, (_, seq) => randomRecord(rand, seq));
  for (const r of records) {
    assert.deepEqual(decodeJsonLine(encodeJsonLine(r)), r);
    assert.deepEqual(decodeCsvLine(encodeCsvLine(r)), r);
  }
  // Through files too; a CR before a line feed inside a quoted field reads as a plain line feed
  // (as Go's csv reader does), so those texts are left out of the CSV file.
  const noCr = records.filter((r) => !/\r/.test(r.error + r.attack + r.method + r.url));
  assert.deepEqual(await collect([file(records.map(encodeJsonLine).join(''))]), records);
  assert.deepEqual(await collect([file(noCr.map(encodeCsvLine).join(''))]), noCr);
});

/** mulberry32 is a tiny seeded PRNG, so fuzz failures reproduce. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TRICKY = ['"', ',', '\n', '\r', '\t', ' ', '<', '>', '&', '\\', '\u2028', '\u0000', '\u007f', 'é', '😀', '\u00a0'];

function randomText(rand: () => number, max: number): string {
  let s = '';
  const n = Math.floor(rand() * max);
  for (let i = 0; i < n; i++) {
    s += rand() < 0.3 ? TRICKY[Math.floor(rand() * TRICKY.length)] : String.fromCharCode(0x20 + Math.floor(rand() * 95));
  }
  return s;
}

function randomHeaders(rand: () => number): Record<string, string[]> {
  const headers: Record<string, string[]> = {};
  const n = Math.floor(rand() * 4);
  for (let i = 0; i < n; i++) {
    const name = ['Content-Type', 'x-request-id', 'Set-Cookie', 'Date'][i];
    // Wire form trims values and turns CR/LF into spaces, so values avoid those edges.
    headers[name] = Array.from({ length: 1 + Math.floor(rand() * 2) }, () =>
      `v${randomText(rand, 12).replace(/[\r\n]/g, '_')}v`,
    );
  }
  return headers;
}

function randomRecord(rand: () => number, seq: number): ResultRecord {
  const answered = rand() < 0.8;
  return {
    attack: rand() < 0.5 ? '' : randomText(rand, 10),
    seq,
    code: answered ? [200, 204, 301, 404, 500, 503][Math.floor(rand() * 6)] : 0,
    timestampUnixNs: 1_700_000_000_000_000_000n + BigInt(Math.floor(rand() * 2 ** 52)) * 100n + BigInt(seq),
    latencyNs: Math.floor(rand() * 1e10),
    bytesOut: Math.floor(rand() * 1e6),
    bytesIn: Math.floor(rand() * 1e6),
    error: rand() < 0.5 ? '' : randomText(rand, 40),
    body: answered ? Buffer.from(Array.from({ length: Math.floor(rand() * 20) }, () => Math.floor(rand() * 256))) : null,
    method: ['GET', 'POST', 'PUT'][Math.floor(rand() * 3)],
    url: 'http://h/' + randomText(rand, 20),
    headers: answered ? randomHeaders(rand) : null,
  };
}
