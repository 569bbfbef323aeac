/**
 * `loadgen compare` recovers a known difference from interleaved rounds: reference servers with
 * `--latency 2ms` (A, and an identical A') and `--latency 12ms` (B), three rounds of 1.5 s at 100/s
 * on each, run A, B, A' in turn (then A', B, A) and saved with --result. B - A at p50 comes out near +10 ms with an
 * interval that excludes 0; A' - A has an interval that includes 0. The bands are generous (the
 * machine is shared, and the difference is 10 ms so that a busy scheduler's few ms do not hide
 * it); what must hold is which side of 0 each interval falls on.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseLatencyModel } from '../../src/servers/latency-model.js';
import { startReferenceServer, type ReferenceServer } from '../../src/servers/reference-server.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-compare-rounds-'));
const ROUNDS = 3;
const MS = 1e6;

interface Statistic {
  name: string;
  diff: number;
  ci_low: number;
  ci_high: number;
  method: string;
  outcome: string;
  verdict: string;
}

const servers: Record<'a' | 'same' | 'b', ReferenceServer | null> = { a: null, same: null, b: null };
const records: Record<'a' | 'same' | 'b', string[]> = { a: [], same: [], b: [] };

before(async () => {
  servers.a = await startReferenceServer({ latency: parseLatencyModel('2ms') });
  servers.same = await startReferenceServer({ latency: parseLatencyModel('2ms') });
  servers.b = await startReferenceServer({ latency: parseLatencyModel('12ms') });
  // A short unrecorded run against each first, so no side's first round pays for the warm-up.
  for (const server of Object.values(servers)) {
    const r = await runCli(['infer', '--url', server!.url, '--model', 'iris', '--rate', '100', '-d', '0.5s', '--report', 'text=/dev/null']);
    assert.equal(r.code, 0, r.stderr);
  }
  for (let round = 1; round <= ROUNDS; round++) {
    // Alternate the order, so whatever drifts within a round (a neighbour's load) falls on both A sides alike.
    const order = round % 2 === 1 ? (['a', 'b', 'same'] as const) : (['same', 'b', 'a'] as const);
    for (const side of order) {
      const file = join(dir, `${side}${round}.json`);
      const r = await runCli(['infer', '--url', servers[side]!.url, '--model', 'iris', '--rate', '100', '-d', '1.5s', '--report', 'text=/dev/null', '--result', file]);
      assert.equal(r.code, 0, r.stderr);
      records[side].push(file);
    }
  }
});
after(() => Promise.all(Object.values(servers).map((s) => s?.close())));

async function compareP50(a: readonly string[], b: readonly string[]): Promise<Statistic> {
  const out = join(dir, `compare-${Math.random().toString(36).slice(2)}.json`);
  const r = await runCli(['compare', '--a', a.join(','), '--b', b.join(','), '--report', `json=${out}`]);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(readFileSync(out, 'utf8')) as { statistics: Statistic[] };
  const p50 = doc.statistics.find((s) => s.name === 'p50');
  assert.ok(p50 !== undefined);
  assert.equal(p50.method, 'bootstrap-rounds');
  return p50;
}

describe('loadgen compare over interleaved rounds', () => {
  it('finds the 10 ms that B adds at p50, with an interval excluding 0', async () => {
    const p50 = await compareP50(records.a, records.b);
    assert.ok(p50.ci_low > 0, `interval [${p50.ci_low}, ${p50.ci_high}] should exclude 0`);
    assert.ok(Math.abs(p50.diff - 10 * MS) <= 1 * MS, `B - A at p50 is ${p50.diff / MS} ms, not about 10 ms`);
    assert.equal(p50.outcome, 'higher');
    assert.match(p50.verdict, /^B adds (9|10|11)\.\d\dms at p50/);
  });

  it('finds no difference between two identical servers: the interval includes 0', async () => {
    const p50 = await compareP50(records.a, records.same);
    assert.ok(p50.ci_low <= 0 && p50.ci_high >= 0, `interval [${p50.ci_low}, ${p50.ci_high}] should include 0`);
    assert.equal(p50.outcome, 'none');
    assert.match(p50.verdict, /^no difference detected at p50/);
  });
});
