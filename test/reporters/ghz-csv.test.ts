import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ghzCsv } from '../../src/reporters/ghz-csv.js';
import { MS, ok, reportInput, runACalls, UNAVAILABLE } from './ghz-fixtures.js';

describe('ghzCsv', () => {
  it('writes an empty line, the header and one unquoted row per detail, then a newline', () => {
    const rows = runACalls().map((c) => `${(c.latencyNs / MS).toFixed(2)},${c.status},${c.error}`);
    assert.equal(ghzCsv(reportInput(runACalls())), `\nduration (ms),status,error\n${rows.join('\n')}\n`);
    assert.ok(rows[3] === `4.00,Unavailable,${UNAVAILABLE}`);
  });

  it('writes only the header for an empty run', () => {
    assert.equal(ghzCsv(reportInput([])), '\nduration (ms),status,error\n');
  });

  it('formats %4.2f of milliseconds with Go rounding and leaves commas unescaped, as ghz does', () => {
    const calls = [ok(1_125_000, 1), ok(12_345, 2), { latencyNs: 1_005_000_000, endNs: 3, status: '', error: 'a, b' }];
    assert.equal(ghzCsv(reportInput(calls)), '\nduration (ms),status,error\n1.12,OK,\n0.01,OK,\n1005.00,,a, b\n');
  });
});
