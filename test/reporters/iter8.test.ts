import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { iter8Report } from '../../src/reporters/iter8.js';
import { parseSlo } from '../../src/plan/slo-grammar.js';
import { judgeSlos } from '../../src/results/slo-judge.js';
import { readFixture, testResult } from './fixtures.js';
import { judgedResult, judgedVerdicts } from './judged-run.js';

describe('iter8Report (iter8 k report -o text)', () => {
  it('matches the committed golden text: summary, SLO conditions, observed values', () => {
    const result = judgedResult();
    assert.equal(iter8Report(result, judgedVerdicts(result)), readFixture('iter8', 'report.txt'));
  });

  it('writes SLO conditions with Iter8 names and units, the user name when it is Iter8', () => {
    const text = iter8Report(judgedResult(), judgedVerdicts(judgedResult()));
    assert.match(text, /^ {2}http\/latency-mean \(msec\) <= 50 +\| true$/m);
    assert.match(text, /^ {2}http\/latency-p95 \(msec\) < 500 +\| true$/m);
    assert.match(text, /^ {2}http\/error-count <= 0 +\| false$/m);
    assert.match(text, /^ {2}rps >= 90 +\| true$/m, 'no Iter8 metric for rps: loadgen name');
    // Every row of a table puts its separator in the same column (widest cell + 1).
    const slo = text.slice(text.indexOf('  SLO Conditions'), text.indexOf('Latest')).trimEnd().split('\n');
    assert.deepEqual(new Set(slo.map((l) => l.indexOf('|'))), new Set([2 + 'http/latency-mean (msec) <= 50'.length + 1]));
  });

  it('has no SLO section without objectives, and no error rate or latency without requests', () => {
    const text = iter8Report(testResult(), []);
    assert.ok(!text.includes('SLO Conditions'));
    assert.equal(
      text.slice(text.indexOf('Latest')),
      'Latest observed values for metrics:\n***********************************\n\n' +
        '  Metric             | value\n  -------            | -----\n  http/error-count   | 0.00\n  http/request-count | 0.00\n',
    );
  });

  it('uses the grpc/ names for gRPC runs and marks an interrupted run not completed', () => {
    const base = judgedResult();
    const result = { ...base, interrupted: true, meta: { ...base.meta, protocol: 'grpc' as const } };
    const text = iter8Report(result, judgeSlos([parseSlo('p(99.9)<=10ms'), parseSlo('grpc/latency/p95<=2')], result));
    assert.match(text, /Experiment completed: false\n {2}No task failures: true\n {2}Total number of tasks: 2\n {2}Number of completed tasks: 1\n/);
    assert.match(text, /^ {2}grpc\/latency\/p99\.9 \(msec\) <= 10 \| true$/m);
    assert.match(text, /^ {2}grpc\/latency\/p95 \(msec\) <= 2 +\| true$/m);
    assert.match(text, /^ {2}grpc\/latency\/p99\.9 \(msec\) +\| 4\.25$/m);
    assert.match(text, /^ {2}grpc\/error-rate +\| 0\.01$/m);
  });
});
