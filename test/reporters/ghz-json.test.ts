process.env.TZ = 'UTC';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ghzJson, ghzPrettyJson, ghzStats, goIndent } from '../../src/reporters/ghz-json.js';
import { GHZ_DURATION_TOTAL, ghzOptions } from '../../src/reporters/ghz-report-input.js';
import { CallLog } from '../../src/results/call-log.js';
import { MS, ok, reportInput, RUN_A_OPTIONS, runACalls, START, unavailable, UNAVAILABLE } from './ghz-fixtures.js';

const DEFAULT_OPTIONS_JSON =
  '{"insecure":false,"load-schedule":"const","load-start":0,"load-end":0,"load-step":0,"load-step-duration":0,' +
  '"load-max-duration":0,"concurrency-schedule":"const","concurrency-start":0,"concurrency-end":0,"concurrency-step":1,' +
  '"concurrency-step-duration":0,"concurrency-max-duration":0,"binary":false,"CPUs":2}';

/** pct is one latencyDistribution entry. */
const pct = (p: number, ns: number): string => `{"percentage":${p},"latency":${ns}}`;

describe('ghzStats (spec 2.3 arithmetic)', () => {
  it('uses nearest rank with the index rule: ip = p/100*n, minus one when whole, clamped at 0', () => {
    // 30 calls of 1..30 ms. IEEE-754 gives 0.1 * 30 == 3 exactly (the spec's "slightly above 3"
    // does not happen), so ghz's rule lands on index 2 (3 ms) for p10, like every other whole ip.
    const calls = Array.from({ length: 30 }, (_, i) => ok((i + 1) * MS, (i + 1) * MS));
    const s = ghzStats(reportInput(calls));
    // p10: ip 3 -> 2 (3 ms); p25: 7.5 -> 7 (8 ms); p50: 15 -> 14 (15 ms); p75: 22.5 -> 22 (23 ms);
    // p90: 27 -> 26 (27 ms); p95: 28.5 -> 28 (29 ms); p99: 29.7 -> 29 (30 ms).
    assert.deepEqual(
      s.latencyDistribution?.map((l) => [l.percentage, l.latencyNs / MS]),
      [[10, 3], [25, 8], [50, 15], [75, 23], [90, 27], [95, 29], [99, 30]],
    );
  });

  it('reproduces ghz exactly: (p / 100) * n in float64 for every n up to 2000', () => {
    for (let n = 1; n <= 2000; n++) {
      for (const p of [10, 25, 50, 75, 90, 95, 99]) {
        // Go: ip := (float64(p) / 100.0) * float64(n); i := int(ip); if ip == float64(i) { i-- }
        const ip = (p / 100) * n;
        let want = Math.trunc(ip);
        if (ip === want) want--;
        // The exact rational rule agrees for these percentiles (no float artifact reaches an index).
        const exact = (p * n) % 100 === 0 ? (p * n) / 100 - 1 : Math.floor((p * n) / 100);
        assert.equal(Math.max(want, 0), Math.max(exact, 0), `p${p} n=${n}`);
      }
    }
  });

  it('truncates the float-seconds round trip: 1000001 ns comes back as 1000000 ns', () => {
    const s = ghzStats(reportInput([ok(1_000_001, MS), ok(2 * MS, 2 * MS)]));
    assert.equal(s.fastestNs, 1_000_000);
    assert.equal(s.slowestNs, 2_000_000);
    assert.equal(s.latencyDistribution?.[0].latencyNs, 1_000_000);
  });

  it('builds 11 marks from fastest to slowest and counts each latency in the first mark >= it', () => {
    const s = ghzStats(reportInput(runACalls()));
    assert.deepEqual(
      s.histogram?.map((b) => b.count),
      [1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1],
    );
    assert.equal(s.histogram?.[0].mark, 0.001);
    assert.equal(s.histogram?.[10].mark, 0.01);
    assert.equal(s.histogram?.[2].frequency, 1 / 8);
  });

  it('puts everything in the first mark when all latencies are equal', () => {
    const s = ghzStats(reportInput([ok(5 * MS, MS), ok(5 * MS, 2 * MS)]));
    assert.deepEqual(s.histogram?.map((b) => b.count), [2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert.ok(s.histogram?.every((b) => b.mark === 0.005));
  });

  it('averages over every call, errors included, and counts errors in the set only with countErrors', () => {
    const calls = runACalls();
    const off = ghzStats(reportInput(calls));
    assert.equal(off.averageNs, 5_500_000);
    assert.equal(off.slowestNs, 10 * MS);
    assert.equal(off.latencyDistribution?.[2].latencyNs, 5 * MS);
    const on = ghzStats(reportInput(calls, { countErrors: true }));
    assert.equal(on.averageNs, 5_500_000);
    // With errors, the set is 1..10 ms: p50 ip = 5 -> index 4 = 5 ms; p25 ip 2.5 -> index 2 = 3 ms.
    assert.equal(on.latencyDistribution?.[1].latencyNs, 3 * MS);
  });

  it('writes {percentage 0, latency 0} for a zero latency, as ghz leaves the zero value', () => {
    const s = ghzStats(reportInput([ok(0, MS), ok(0, MS), ok(4 * MS, MS)]));
    // n = 3: p10 ip 0.3 -> index 0 (0 s) -> zero entry; p50 ip 1.5 -> index 1 (0 s); p75 ip 2.25 -> index 2.
    assert.deepEqual(s.latencyDistribution?.slice(0, 4), [
      { percentage: 0, latencyNs: 0 },
      { percentage: 0, latencyNs: 0 },
      { percentage: 0, latencyNs: 0 },
      { percentage: 75, latencyNs: 4 * MS },
    ]);
  });
});

describe('ghzJson', () => {
  it('matches a hand-built report byte for byte (runA, named, with options and data)', () => {
    const input = reportInput(runACalls(), { name: 'demo', run: RUN_A_OPTIONS });
    const marks = [
      [0.001, 1], [0.0019000000000000002, 0], [0.0028000000000000004, 1], [0.0037, 1], [0.0046, 0],
      [0.0055000000000000005, 1], [0.0064, 1], [0.007300000000000001, 1], [0.0082, 0], [0.0091, 1], [0.01, 1],
    ];
    const details = runACalls().map((c, i) => {
      const frac = i === 9 ? '.1' : `.0${i + 1}`;
      return `{"timestamp":"2026-05-01T12:00:00${frac}Z","latency":${c.latencyNs},"error":${JSON.stringify(c.error)},"status":"${c.status}"}`;
    });
    const expected =
      '{"date":"2026-05-01T12:00:01Z","name":"demo","endReason":"normal",' +
      '"options":{"call":"loadgen.echo.Echo/Unary","host":"127.0.0.1:50051","proto":"echo.proto","insecure":true,' +
      '"load-schedule":"const","load-start":0,"load-end":0,"load-step":0,"load-step-duration":0,"load-max-duration":0,' +
      '"concurrency":2,"concurrency-schedule":"const","concurrency-start":0,"concurrency-end":0,"concurrency-step":1,' +
      '"concurrency-step-duration":0,"concurrency-max-duration":0,"total":10,"timeout":20000000000,' +
      '"dial-timeout":10000000000,"data":{"number":"12","text":"a\\u003cb"},"binary":false,"CPUs":2,"name":"demo"},' +
      '"count":10,"total":100000000,"average":5500000,"fastest":1000000,"slowest":10000000,"rps":100,' +
      `"errorDistribution":{"${UNAVAILABLE}":2},"statusCodeDistribution":{"OK":8,"Unavailable":2},` +
      `"latencyDistribution":[${[pct(10, 1e6), pct(25, 2e6), pct(50, 5e6), pct(75, 7e6), pct(90, 1e7), pct(95, 1e7), pct(99, 1e7)].join(',')}],` +
      `"histogram":[${marks.map(([m, c]) => `{"mark":${m},"count":${c},"frequency":${c / 8}}`).join(',')}],` +
      `"details":[${details.join(',')}]}`;
    assert.equal(ghzJson(input), expected);
  });

  it('writes an empty run with zeros, {} distributions and null arrays, no name and no tags', () => {
    const expected =
      `{"date":"2026-05-01T12:00:01Z","endReason":"timeout","options":${DEFAULT_OPTIONS_JSON},` +
      '"count":0,"total":5000000,"average":0,"fastest":0,"slowest":0,"rps":0,"errorDistribution":{},' +
      '"statusCodeDistribution":{},"latencyDistribution":null,"histogram":null,"details":null}';
    assert.equal(ghzJson(reportInput([], { endReason: 'timeout', totalNs: 5 * MS })), expected);
  });

  it('fills average, rps and details but not the statistics when every call failed', () => {
    const calls = [unavailable(2 * MS, 10 * MS), unavailable(4 * MS, 20 * MS)];
    const expected =
      `{"date":"2026-05-01T12:00:01Z","endReason":"cancel","options":${DEFAULT_OPTIONS_JSON},` +
      '"count":2,"total":100000000,"average":3000000,"fastest":0,"slowest":0,"rps":20,' +
      `"errorDistribution":{"${UNAVAILABLE}":2},"statusCodeDistribution":{"Unavailable":2},` +
      '"latencyDistribution":null,"histogram":null,"details":[' +
      `{"timestamp":"2026-05-01T12:00:00.01Z","latency":2000000,"error":"${UNAVAILABLE}","status":"Unavailable"},` +
      `{"timestamp":"2026-05-01T12:00:00.02Z","latency":4000000,"error":"${UNAVAILABLE}","status":"Unavailable"}]}`;
    assert.equal(ghzJson(reportInput(calls, { endReason: 'cancel' })), expected);
  });

  it('includes failed calls in the statistics with countErrors', () => {
    const calls = [unavailable(2 * MS, 10 * MS), unavailable(4 * MS, 20 * MS)];
    const json = JSON.parse(ghzJson(reportInput(calls, { countErrors: true }))) as Record<string, unknown>;
    assert.equal(json.fastest, 2 * MS);
    assert.equal(json.slowest, 4 * MS);
    assert.equal((json.histogram as unknown[]).length, 11);
  });

  it('writes tags last with sorted keys, sorts distributions as Go does, escapes HTML characters', () => {
    const calls = [
      { latencyNs: MS, endNs: MS, status: 'Unknown', error: 'rpc error: code = Unknown desc = <b>&' },
      { latencyNs: MS, endNs: 2 * MS, status: '', error: 'EOF' },
      ok(MS, 3 * MS),
    ];
    const json = ghzJson(reportInput(calls, { tags: { zone: 'b', env: 'ci' } }));
    assert.ok(json.endsWith('"tags":{"env":"ci","zone":"b"}}'));
    assert.ok(json.includes('"errorDistribution":{"EOF":1,"rpc error: code = Unknown desc = \\u003cb\\u003e\\u0026":1}'));
    assert.ok(json.includes('"statusCodeDistribution":{"":1,"OK":1,"Unknown":1}'));
    assert.ok(!json.endsWith('\n'));
  });

  it('writes detail timestamps with up to 9 fractional digits and the date truncated to the second', () => {
    const input = reportInput([ok(MS, 123_456_789)], { dateUnixNs: START + 2_999_999_999n });
    const json = ghzJson(input);
    assert.ok(json.startsWith('{"date":"2026-05-01T12:00:02Z"'));
    assert.ok(json.includes('"timestamp":"2026-05-01T12:00:00.123456789Z"'));
  });

  it('uses the local offset for the date and timestamps', () => {
    const saved = process.env.TZ;
    process.env.TZ = 'Europe/Paris';
    try {
      const json = ghzJson(reportInput([ok(MS, 5 * MS)]));
      assert.ok(json.startsWith('{"date":"2026-05-01T14:00:01+02:00"'), json.slice(0, 40));
      assert.ok(json.includes('"timestamp":"2026-05-01T14:00:00.005+02:00"'));
    } finally {
      process.env.TZ = saved;
    }
  });

  it('keeps at most maxDetails calls for details and statistics but counts all of them', () => {
    const log = new CallLog(START, 0, 3);
    for (let i = 1; i <= 5; i++) log.record(i * MS, i * MS, 'OK', '');
    const input = { ...reportInput([]), count: log.count, latencySumSeconds: log.latencySumSeconds, statusCounts: log.statusCounts, calls: log.calls() };
    const json = JSON.parse(ghzJson(input)) as Record<string, unknown>;
    assert.equal(json.count, 5);
    assert.equal((json.details as unknown[]).length, 3);
    assert.equal(json.slowest, 3 * MS);
    assert.equal(json.average, 3 * MS);
  });

  it('drops the first skipFirst calls from everything', () => {
    const json = JSON.parse(ghzJson(reportInput(runACalls(), { skipFirst: 8 }))) as Record<string, unknown>;
    assert.equal(json.count, 2);
    assert.equal(json.fastest, 9 * MS);
    assert.deepEqual(json.statusCodeDistribution, { OK: 2 });
  });
});

describe('ghzOptions', () => {
  it('writes only the "always" keys for defaults', () => {
    assert.equal(JSON.stringify(Object.fromEntries(ghzOptions({ cpus: 2 }))), DEFAULT_OPTIONS_JSON);
  });

  it('keeps ghz order for every key and the MaxInt32 total of -z runs', () => {
    const o = ghzOptions({
      call: 'a.B/C', host: 'h:1', proto: 'p.proto', protoset: 'p.protoset', importPaths: ['x', 'y'], enableCompression: true,
      cacert: 'ca', cert: 'c', key: 'k', cname: 'n', skipTLS: true, insecure: false, authority: 'auth', rps: 100,
      loadSchedule: 'step', loadStart: 10, loadEnd: 50, loadStep: -5, loadStepDurationNs: 1e9, loadMaxDurationNs: 9e9,
      concurrency: 4, concurrencySchedule: 'line', concurrencyStart: 1, concurrencyEnd: 8, concurrencyStep: 2,
      concurrencyStepDurationNs: 2e9, concurrencyMaxDurationNs: 3e9, total: GHZ_DURATION_TOTAL, async: true, connections: 2,
      durationNs: 10e9, timeoutNs: 20e9, dialTimeoutNs: 10e9, keepaliveNs: 30e9, data: [{ b: 1, a: [2] }], binary: false,
      metadata: { 'x-b': '2', 'x-a': '1' }, cpus: 8, name: 'run', skipFirst: 5, countErrors: true,
    });
    assert.deepEqual([...o.keys()], [
      'call', 'host', 'proto', 'protoset', 'import-paths', 'enable-compression', 'cacert', 'cert', 'key', 'cname', 'skipTLS',
      'insecure', 'authority', 'rps', 'load-schedule', 'load-start', 'load-end', 'load-step', 'load-step-duration',
      'load-max-duration', 'concurrency', 'concurrency-schedule', 'concurrency-start', 'concurrency-end', 'concurrency-step',
      'concurrency-step-duration', 'concurrency-max-duration', 'total', 'async', 'connections', 'duration', 'timeout',
      'dial-timeout', 'keepalive', 'data', 'binary', 'metadata', 'CPUs', 'name', 'skipFirst', 'count-errors',
    ]);
    const json = ghzJson(reportInput([], { options: o }));
    assert.ok(json.includes('"total":2147483647,'));
    assert.ok(json.includes('"data":[{"a":[2],"b":1}],"binary":false,"metadata":{"x-a":"1","x-b":"2"},"CPUs":8'));
    assert.ok(json.includes('"load-step":-5,'));
  });

  it('leaves data out when it is null or absent, and keeps an empty metadata object', () => {
    assert.equal(ghzOptions({ data: null }).has('data'), false);
    assert.equal(JSON.stringify(Object.fromEntries(ghzOptions({ metadata: {} }))).includes('"metadata":{}'), true);
  });
});

describe('ghzPrettyJson', () => {
  it('indents as Go json.Indent does: 2 spaces, ": ", {} and [] kept compact, no trailing newline', () => {
    assert.equal(goIndent('{"a":[1,{"b":"x,y:{"}],"c":{},"d":[]}', '  '), '{\n  "a": [\n    1,\n    {\n      "b": "x,y:{"\n    }\n  ],\n  "c": {},\n  "d": []\n}');
    const pretty = ghzPrettyJson(reportInput([]));
    assert.ok(pretty.startsWith('{\n  "date": "2026-05-01T12:00:01Z",\n  "endReason": "normal",\n  "options": {\n    "insecure": false,'));
    assert.ok(pretty.endsWith('  "errorDistribution": {},\n  "statusCodeDistribution": {},\n  "latencyDistribution": null,\n  "histogram": null,\n  "details": null\n}'));
  });
});
