/**
 * `loadgen lifecycle` end to end against the reference server with the model repository
 * extension (models start unloaded, a load takes 100 ms): every model is loaded, found ready,
 * inferred and unloaded, with the three latency histograms; concurrency and cycles never put one
 * model in two cycles at once; a model the server does not have fails its load with a reason and
 * the run still reports (exit 0); a model that never gets ready times out and is still unloaded;
 * bad flags exit 2 with one line and send nothing.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { LatencyDistribution } from '../../src/results/latency.js';
import { IRIS_MODEL } from '../../src/servers/models/iris.js';
import { startReferenceServer, type ReferenceServer } from '../../src/servers/reference-server.js';
import { runCli, type CliResult } from '../helpers/cli.js';

const LOAD_MS = 100;
const dir = mkdtempSync(join(tmpdir(), 'loadgen-lifecycle-'));
let server: ReferenceServer;
/** irisOnly serves only iris (and its numbered instances): tfsimple0 does not exist there. */
let irisOnly: ReferenceServer;
before(async () => {
  server = await startReferenceServer({ port: 0, modelInstances: true, startUnloaded: true, modelLoadTimeMs: LOAD_MS });
  irisOnly = await startReferenceServer({ port: 0, models: [IRIS_MODEL], modelInstances: true, startUnloaded: true, modelLoadTimeMs: LOAD_MS });
});
after(() => Promise.all([server.close(), irisOnly.close()]));

interface LatencyJson {
  count: number;
  min_ns: number;
  max_ns: number;
  mean_ns: number;
  total_ns: number;
  p50_ns: number;
  p99_ns: number;
  hdr_histogram: string;
}
interface Counts {
  ok: number;
  failed: number;
  skipped: number;
}
interface Report {
  schema: string;
  models: number;
  concurrency: number;
  duration_ns: number;
  model_cycles: { planned: number; finished: number; ok: number; failed: number; in_progress_peak: number };
  operations: { load: Counts; inference: Counts; unload: Counts };
  rate: { cycles_per_s: number; ok_cycles_per_s: number; operations_per_s: number };
  latency: { load_to_ready: LatencyJson; first_inference: LatencyJson; unload: LatencyJson };
  failures: Array<{ phase: string; text: string; count: number }>;
}

async function lifecycle(args: string[], url = server.url, code = 0): Promise<CliResult & { report: Report }> {
  const out = join(dir, `r-${Math.random().toString(36).slice(2)}.json`);
  const r = await runCli(['lifecycle', '--url', url, ...args, '--report', `json=${out}`, '--report', 'text']);
  assert.equal(r.code, code, r.stderr);
  return { ...r, report: JSON.parse(readFileSync(out, 'utf8')) as Report };
}

async function readyStatus(s: ReferenceServer, model: string): Promise<number> {
  const res = await fetch(`${s.url}/v2/models/${model}/ready`);
  await res.arrayBuffer();
  return res.status;
}

test('--models iris:4 --concurrency 2: 4 loads ready after >= 100 ms, 4 first inferences, 4 unloads, all unloaded at the end', async () => {
  server.stats.reset();
  const { report, stdout } = await lifecycle(['--models', 'iris:4', '--concurrency', '2', '--infer-requests', '3']);
  assert.equal(report.schema, 'loadgen.lifecycle/v1');
  assert.deepEqual(report.failures, []);
  assert.deepEqual(report.operations, { load: { ok: 4, failed: 0, skipped: 0 }, inference: { ok: 12, failed: 0, skipped: 0 }, unload: { ok: 4, failed: 0, skipped: 0 } });
  assert.deepEqual(report.model_cycles, { planned: 4, finished: 4, ok: 4, failed: 0, in_progress_peak: 2 });
  const { load_to_ready: load, first_inference: first, unload } = report.latency;
  assert.equal(load.count, 4);
  assert.ok(load.min_ns >= LOAD_MS * 1e6, `load-to-ready min ${load.min_ns} ns`);
  assert.equal(first.count, 4);
  assert.ok(first.min_ns > 0, `first inference ${first.min_ns} ns`);
  assert.equal(unload.count, 4);
  assert.ok(unload.min_ns > 0);
  // The encoded histogram is the same population: decoded, it has the 4 values, all >= 100 ms.
  const decoded = LatencyDistribution.fromSnapshot({ count: load.count, minNs: load.min_ns, maxNs: load.max_ns, totalNs: load.total_ns, histogram: load.hdr_histogram });
  assert.equal(decoded.count, 4);
  assert.equal(decoded.countBelowNs(LOAD_MS * 1e6), 0);
  assert.equal(Math.round(decoded.quantileNs(0.5)), load.p50_ns);
  // Two at a time, 100 ms per load: at least two rounds of loads.
  assert.ok(report.duration_ns >= 2 * LOAD_MS * 1e6, `duration ${report.duration_ns} ns`);
  assert.ok(report.rate.cycles_per_s > 0 && report.rate.operations_per_s > report.rate.cycles_per_s);
  // What the server saw: one load and one unload per model, 3 inferences each, all answered 200.
  assert.equal(server.stats.inferencesOk, 12);
  for (let i = 0; i < 4; i++) {
    assert.equal(server.stats.byPath.get(`/v2/repository/models/iris${i}/load`), 1);
    assert.equal(server.stats.byPath.get(`/v2/repository/models/iris${i}/unload`), 1);
  }
  // Unloaded at the end: the index says so and model-ready answers 503.
  const index = server.modelIndex().filter((e) => /^iris\d$/.test(e.name));
  assert.deepEqual(
    index.map((e) => [e.name, e.state, e.reason]),
    [0, 1, 2, 3].map((i) => [`iris${i}`, 'UNAVAILABLE', 'unloaded']),
  );
  for (let i = 0; i < 4; i++) assert.equal(await readyStatus(server, `iris${i}`), 503);
  // The text report: three latency rows with their counts, the cycles and the rate.
  assert.match(stdout, /^load to ready +4 +\d/m);
  assert.match(stdout, /^first inference +4 +\d/m);
  assert.match(stdout, /^unload +4 +\d/m);
  assert.match(stdout, /^Latency +count +min +mean +p50 +p90 +p99 +max$/m);
  assert.match(stdout, /^Cycles +4 of 4 run, 4 ok, 0 failed; peak 2 in progress$/m);
  assert.match(stdout, /^Rate +\d+\.\d\d cycles\/s/m);
  assert.doesNotMatch(stdout, /Failures/);
});

test('--cycles 2 repeats the set; a model is never in two cycles at once, whatever the concurrency', async () => {
  const { report } = await lifecycle(['--models', 'iris:2', '--cycles', '2', '--concurrency', '4', '--infer-requests', '1']);
  assert.deepEqual(report.failures, []);
  assert.deepEqual(report.model_cycles, { planned: 4, finished: 4, ok: 4, failed: 0, in_progress_peak: 2 });
  assert.equal(report.latency.load_to_ready.count, 4);
  assert.equal(report.latency.first_inference.count, 4);
  assert.equal(report.latency.unload.count, 4);
  assert.ok(report.latency.load_to_ready.min_ns >= LOAD_MS * 1e6);
});

test('a model the server does not have fails its load with the reason; the others cycle and the run reports (exit 0)', async () => {
  const { report, stdout } = await lifecycle(['--models', 'iris:2,tfsimple:1', '--concurrency', '3', '--infer-requests', '2'], irisOnly.url);
  assert.deepEqual(report.operations, { load: { ok: 2, failed: 1, skipped: 0 }, inference: { ok: 4, failed: 0, skipped: 2 }, unload: { ok: 2, failed: 0, skipped: 1 } });
  assert.equal(report.model_cycles.ok, 2);
  assert.equal(report.model_cycles.failed, 1);
  assert.equal(report.failures.length, 1);
  assert.equal(report.failures[0].phase, 'load');
  assert.equal(report.failures[0].count, 1);
  assert.match(report.failures[0].text, /^load: HTTP 400: .*"tfsimple0".*no such model/);
  assert.equal(report.latency.load_to_ready.count, 2);
  assert.equal(report.latency.unload.count, 2);
  assert.match(stdout, /^Failures\n +1 × load: HTTP 400: .*tfsimple0/m);
  assert.match(stdout, /^Cycles +3 of 3 run, 2 ok, 1 failed/m);
});

test('a model that never gets ready fails its load after --ready-timeout, and is still unloaded', async () => {
  server.setNotReady(10_000);
  try {
    // Its only cycle failed, so the run proved nothing: exit 1, the report still written.
    const { report, stderr } = await lifecycle(['--models', 'iris:1', '--ready-timeout', '300ms', '--infer-requests', '2'], server.url, 1);
    assert.match(stderr, /^loadgen: every model cycle failed \(first: load: not ready within 300ms/m);
    assert.deepEqual(report.operations, { load: { ok: 0, failed: 1, skipped: 0 }, inference: { ok: 0, failed: 0, skipped: 2 }, unload: { ok: 1, failed: 0, skipped: 0 } });
    assert.equal(report.failures[0].text, 'load: not ready within 300ms (last ready answer: HTTP 503)');
    assert.equal(report.latency.load_to_ready.count, 0);
    assert.ok(report.duration_ns >= 300e6);
  } finally {
    server.setNotReady(0);
  }
  assert.equal(server.modelIndex().find((e) => e.name === 'iris0')?.state, 'UNAVAILABLE');
});

test('issue 12: against a plain serve (no numbered instances) every cycle fails: exit 1 with one line and the fix', async () => {
  const plain = await startReferenceServer({ port: 0 });
  try {
    const { report, stderr } = await lifecycle(['--models', 'iris:2', '--infer-requests', '1'], plain.url, 1);
    assert.deepEqual(report.model_cycles.ok, 0);
    assert.equal(report.model_cycles.failed, 2);
    const lines = stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, stderr);
    assert.match(lines[0], /^loadgen: every model cycle failed \(first: load: HTTP 400: failed to load "iris\d": no such model in the repository\); .*loadgen serve --model-instances/);
  } finally {
    await plain.close();
  }
});

test('bad flags: exit 2 with one line on stderr, nothing sent', async () => {
  const url = server.url;
  // argv after `lifecycle`                                               what the one line must say
  const cases: Array<[string[], RegExp]> = [
    [['--url', url, '--models', 'iris:2', '--repository', 'triton'], /--repository: "triton" is not supported; use v2/],
    [['--url', url, '--models', 'iris:2', '--concurrency', '0'], /--concurrency: "0" must be a whole number >= 1/],
    [['--url', url, '--models', 'iris:2', '--cycles', '1.5'], /--cycles: "1.5" must be a whole number >= 1/],
    [['--url', url, '--models', 'iris:2', '--infer-requests', '-1'], /--infer-requests: "-1" must be a whole number >= 0/],
    [['--url', url, '--models', 'iris:2', '--ready-timeout', '5'], /--ready-timeout: invalid duration "5"/],
    [['--url', url, '--models', 'iris:2', '--report', 'vegeta-text'], /--report: unknown report type "vegeta-text" for lifecycle; use text or json/],
    [['--url', url, '--models', 'iris:0'], /--models "iris:0": count "0"/],
    [['--url', 'ftp://example.com', '--models', 'iris:2'], /--url: invalid base URL/],
    [['--url', url], /Missing required argument: models/],
    [['--url', url, '--models', 'iris:2', '--rate', '10'], /Unknown argument/i],
  ];
  const before = server.stats.requests;
  const results = await Promise.all(cases.map(([args]) => runCli(['lifecycle', ...args])));
  results.forEach((r, i) => {
    const [args, want] = cases[i];
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, '', args.join(' '));
    assert.match(r.stderr, /^loadgen: [^\n]*\n$/, `one line for ${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, want, args.join(' '));
  });
  assert.equal(server.stats.requests, before);
});
