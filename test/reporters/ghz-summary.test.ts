process.env.TZ = 'UTC';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ghzDuration, ghzSummary } from '../../src/reporters/ghz-summary.js';
import { MS, ok, reportInput, runACalls, UNAVAILABLE, unavailable } from './ghz-fixtures.js';

const BAR = '∎'.repeat(40);

describe('ghzDuration (formatNanoUnit)', () => {
  it('switches units at 10 µs and 1 s', () => {
    assert.equal(ghzDuration(0), '0 ns');
    assert.equal(ghzDuration(9_999), '9999 ns');
    assert.equal(ghzDuration(10_000), '0.01 ms');
    assert.equal(ghzDuration(1_234_567), '1.23 ms');
    assert.equal(ghzDuration(999_994_999), '999.99 ms');
    assert.equal(ghzDuration(999_999_999), '1000.00 ms');
    assert.equal(ghzDuration(1_000_000_000), '1.00 s');
    assert.equal(ghzDuration(61_005_000_000), '61.01 s');
  });

  it('rounds half to even on the exact binary value, as Go does', () => {
    // 1.125 ms is exact in binary: the tie goes to even (1.12); 1.115 is stored just below .115 (1.11).
    assert.equal(ghzDuration(1_125_000), '1.12 ms');
    assert.equal(ghzDuration(1_115_000), '1.11 ms');
  });
});

describe('ghzSummary', () => {
  it('matches a hand-built report byte for byte (runA: name, histogram, errors)', () => {
    const status = ['  [OK]            8 responses   ', '  [Unavailable]   2 responses   '];
    const expected = [
      '',
      'Summary:',
      '  Name:\t\tdemo',
      '  Count:\t10',
      '  Total:\t100.00 ms',
      '  Slowest:\t10.00 ms',
      '  Fastest:\t1.00 ms',
      '  Average:\t5.50 ms',
      '  Requests/sec:\t100.00',
      '',
      'Response time histogram:',
      `  1.000  [1] |${BAR}`,
      '  1.900  [0] |',
      `  2.800  [1] |${BAR}`,
      `  3.700  [1] |${BAR}`,
      '  4.600  [0] |',
      `  5.500  [1] |${BAR}`,
      `  6.400  [1] |${BAR}`,
      `  7.300  [1] |${BAR}`,
      '  8.200  [0] |',
      `  9.100  [1] |${BAR}`,
      `  10.000 [1] |${BAR}`,
      '',
      'Latency distribution:',
      '  10 % in 1.00 ms ',
      '  25 % in 2.00 ms ',
      '  50 % in 5.00 ms ',
      '  75 % in 7.00 ms ',
      '  90 % in 10.00 ms ',
      '  95 % in 10.00 ms ',
      '  99 % in 10.00 ms ',
      '',
      'Status code distribution:',
      ...status,
      '',
      'Error distribution:',
      `  [2]   ${UNAVAILABLE}   `,
      '',
      '',
    ].join('\n');
    assert.equal(ghzSummary(reportInput(runACalls(), { name: 'demo' })), expected);
  });

  it('scales bars by (count*40 + max/2) / max and pads counts to the widest', () => {
    // 12 calls: 10 at 1 ms, 1 at 2 ms, 1 at 11 ms -> counts 10, 1 (mark 2.0), 1 (mark 11.0).
    const calls = [...Array.from({ length: 10 }, (_, i) => ok(MS, i * MS)), ok(2 * MS, 10 * MS), ok(11 * MS, 11 * MS)];
    const text = ghzSummary(reportInput(calls));
    const lines = text.split('\n');
    const start = lines.indexOf('Response time histogram:') + 1;
    // bar for count 1 of max 10: (40 + 5) / 10 = 4.
    assert.deepEqual(lines.slice(start, start + 3), [`  1.000  [10] |${BAR}`, `  2.000  [1]  |${'∎'.repeat(4)}`, '  3.000  [0]  |']);
    assert.equal(lines[start + 10], `  11.000 [1]  |${'∎'.repeat(4)}`);
    assert.ok(text.endsWith('Status code distribution:\n  [OK]   12 responses   \n\n\n'));
  });

  it('prints an empty run without histogram rows, percentiles or distributions', () => {
    const expected =
      '\nSummary:\n  Count:\t0\n  Total:\t5.00 ms\n  Slowest:\t0 ns\n  Fastest:\t0 ns\n  Average:\t0 ns\n' +
      '  Requests/sec:\t0.00\n\nResponse time histogram:\n\nLatency distribution:\n\n\n\n';
    assert.equal(ghzSummary(reportInput([], { totalNs: 5 * MS })), expected);
  });

  it('prints an all-errors run with average and rate but no histogram or percentiles', () => {
    const calls = [unavailable(2 * MS, MS), unavailable(4 * MS, 2 * MS)];
    const expected =
      '\nSummary:\n  Count:\t2\n  Total:\t100.00 ms\n  Slowest:\t0 ns\n  Fastest:\t0 ns\n  Average:\t3.00 ms\n' +
      '  Requests/sec:\t20.00\n\nResponse time histogram:\n\nLatency distribution:\n\n' +
      'Status code distribution:\n  [Unavailable]   2 responses   \n\n' +
      `Error distribution:\n  [2]   ${UNAVAILABLE}   \n\n`;
    assert.equal(ghzSummary(reportInput(calls)), expected);
  });

  it('sorts status and error rows (ghz prints them in random map order) and pads both cells', () => {
    const calls = [
      { latencyNs: MS, endNs: MS, status: 'Unknown', error: 'zzz' },
      { latencyNs: MS, endNs: MS, status: 'DeadlineExceeded', error: 'rpc error: code = DeadlineExceeded desc = context deadline exceeded' },
      { latencyNs: MS, endNs: MS, status: 'DeadlineExceeded', error: 'rpc error: code = DeadlineExceeded desc = context deadline exceeded' },
      ...Array.from({ length: 10 }, () => ok(MS, MS)),
    ];
    const text = ghzSummary(reportInput(calls));
    const tail = text.slice(text.indexOf('Status code distribution:'));
    assert.equal(
      tail,
      'Status code distribution:\n' +
        '  [DeadlineExceeded]   2 responses    \n' +
        '  [OK]                 10 responses   \n' +
        '  [Unknown]            1 responses    \n' +
        '\n' +
        'Error distribution:\n' +
        '  [2]   rpc error: code = DeadlineExceeded desc = context deadline exceeded   \n' +
        '  [1]   zzz                                                                   \n' +
        '\n',
    );
  });

  it('prints sub-10µs values in ns', () => {
    const text = ghzSummary(reportInput([ok(15, 1), ok(5_000, 2)]));
    // 15 ns goes through float seconds and back: 14 ns (spec 2.3).
    assert.ok(text.includes('  Slowest:\t5000 ns\n  Fastest:\t14 ns\n  Average:\t2507 ns\n'), text);
  });
});
