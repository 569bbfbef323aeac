/**
 * `loadgen generate` end to end against the reference LLM server, whose timings and counts are
 * the ground truth: TTFT and ITL at p50 within the bounds, exact request and token
 * counts, goodput equal to the requests the server gave a fast TTFT, every API, and faults.
 */
import assert from 'node:assert/strict';
import { boundFor, loadPerCore } from '../helpers/machine-load.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseLatencyModel } from '../../src/servers/latency-model.js';
import { startLlmServer, type LlmServerOptions } from '../../src/servers/llm-server.js';
import { seededRandom } from '../../src/core/seeded-random.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-generate-'));

interface Dist {
  count: number;
  p50_ns: number;
  p99_ns: number;
}
interface LlmRecord {
  requests: number;
  successes: number;
  output_tokens: number;
  input_tokens: number;
  usage_reported: number;
  client_counted: number;
  goodput: number;
  slos: Array<{ slo: string; met: number }>;
  ttft: Dist;
  ttft_response: Dist | null;
  itl: Dist;
  tpot: Dist;
  e2e: Dist;
}
interface Record {
  requests: number;
  successes: number;
  errors: Array<{ text: string; count: number }>;
  llm: LlmRecord;
}

/** generate runs the command with --result; a run in which every request failed exits 1 (expectCode). */
async function generate(args: string[], expectCode = 0): Promise<{ code: number | null; stderr: string; stdout: string; record: Record }> {
  const file = join(dir, `r-${Math.random().toString(36).slice(2)}.json`);
  const r = await runCli(['generate', '--quiet', '--result', file, ...args]);
  assert.equal(r.code, expectCode, r.stderr);
  if (expectCode !== 0) assert.match(r.stderr, /all \d+ requests failed/);
  return { ...r, record: JSON.parse(readFileSync(file, 'utf8')) as Record };
}

async function withServer<T>(o: LlmServerOptions, fn: (url: string, stats: Awaited<ReturnType<typeof startLlmServer>>['stats']) => Promise<T>): Promise<T> {
  const server = await startLlmServer({ random: seededRandom(7), ...o });
  try {
    return await fn(server.url, server.stats);
  } finally {
    await server.close();
  }
}

const ms = (ns: number) => ns / 1e6;

/**
 * overloaded: with more runnable processes than cores, every wake-up (the server reading the
 * request, the client reading the first token) waits for a time slice, and that wait is part of
 * TTFT as measured (ITL, a difference of two equally late arrivals, keeps most of its accuracy).
 * On such a machine the TTFT bound is widened to 5 ms (both cores kept busy: up to 2.5 runnable
 * per core), beyond that to 25 ms and ITL's to 1.5 ms; the test says which in its output.
 */
const overloaded = (): boolean => loadPerCore() > 1;

test('TTFT 200 ms and ITL 20 ms come out at p50 within 1 ms (over the round trip) and 0.5 ms, with exact request and token counts', async (t) => {
  const ttft = parseLatencyModel('200ms', '--ttft');
  const itl = parseLatencyModel('20ms', '--itl');
  // The round trip itself (request out, first chunk back, both processes woken) is part of any
  // TTFT a client measures: measured here with TTFT 0 against the same server, as its own figure.
  const roundTripMs = await withServer({ ttft: parseLatencyModel('0ms', '--ttft'), itl, sseComments: true }, async (url) => {
    const { record } = await generate(['--url', url, '--rate', '20', '-n', '40', '--output-tokens', '2', '--input-tokens', '32']);
    return ms(record.llm.ttft.p50_ns);
  });
  await withServer({ ttft, itl, sseComments: true }, async (url, stats) => {
    const { record, stdout } = await generate(['--url', url, '--rate', '20', '-d', '5s', '--output-tokens', '16', '--input-tokens', '32']);
    const l = record.llm;
    assert.equal(record.requests, 100, 'rate 20 for 5 s');
    assert.equal(l.requests, 100);
    assert.equal(stats.requests, 100, 'the server saw every request');
    assert.equal(l.successes, 100);
    assert.equal(l.output_tokens, stats.tokensSent, 'output tokens = what the server sent');
    assert.equal(l.output_tokens, 100 * 16);
    assert.equal(l.input_tokens, stats.promptTokens);
    assert.equal(l.itl.count, 100 * 15, 'ITL pools the 15 gaps of each stream');
    const report = `TTFT p50 ${ms(l.ttft.p50_ns)} ms (round trip at TTFT 0: ${roundTripMs} ms), ITL p50 ${ms(l.itl.p50_ns)} ms, TPOT p50 ${ms(l.tpot.p50_ns)} ms`;
    const ttftBoundMs = boundFor(1, 5, 25);
    const itlBoundMs = boundFor(0.5, 0.5, 1.5);
    t.diagnostic(`measured: ${report} (load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores; TTFT bound ${ttftBoundMs} ms, ITL bound ${itlBoundMs} ms)`);
    assert.ok(ms(l.ttft.p50_ns) >= 200, report);
    const overRoundTrip = ms(l.ttft.p50_ns) - 200 - roundTripMs;
    // On a busy machine the round trip, measured in a run of its own, is itself a noisy figure:
    // then only the upper side is held (TTFT >= 200 ms is held above either way).
    if (overloaded()) assert.ok(overRoundTrip <= ttftBoundMs, report);
    else assert.ok(Math.abs(overRoundTrip) <= ttftBoundMs, report);
    assert.ok(Math.abs(ms(l.itl.p50_ns) - 20) <= itlBoundMs, report);
    assert.ok(l.ttft_response !== null && l.ttft_response.p50_ns >= l.ttft.p50_ns, 'TTFT from the intended send is open loop\'s corrected one');
    assert.match(stdout, /Generative \(openai-chat, streamed\)/);
  });
});

test('goodput counts exactly the requests that met every per-request objective (bimodal TTFT)', async () => {
  const ttft = parseLatencyModel('bimodal:50ms,400ms,0.5', '--ttft');
  await withServer({ ttft, itl: parseLatencyModel('5ms', '--itl') }, async (url, stats) => {
    const vllmFile = join(dir, 'vllm.json');
    const { record } = await generate(['--url', url, '--vus', '4', '-n', '40', '--output-tokens', '4', '--slo', 'ttft<=200ms', '--slo', 'tpot<=50ms', '--report', `vllm-json=${vllmFile}`]);
    const fast = stats.served.filter((s) => s.ttftNs <= 200e6).length;
    assert.equal(stats.served.length, 40);
    assert.ok(fast > 0 && fast < 40, `both modes drawn (${fast} fast)`);
    assert.equal(record.llm.goodput, fast);
    assert.deepEqual(
      record.llm.slos.map((s) => [s.slo, s.met]),
      [
        ['ttft<=200ms', fast],
        ['tpot<=50ms', 40],
      ],
    );
    assert.equal(record.llm.ttft_response, null, 'closed loop has no intended send times');
    const vllm = JSON.parse(readFileSync(vllmFile, 'utf8')) as { [k: string]: number };
    assert.equal(vllm.completed, 40);
    assert.equal(vllm.total_output_tokens, stats.tokensSent);
    assert.equal(vllm.max_concurrency, 4);
    assert.ok(Math.abs(vllm.request_goodput / vllm.request_throughput - fast / 40) < 1e-9, 'vLLM goodput: the good requests per second');
    for (const k of ['mean_ttft_ms', 'median_ttft_ms', 'std_ttft_ms', 'p99_ttft_ms', 'median_tpot_ms', 'median_itl_ms', 'median_e2el_ms']) assert.equal(typeof vllm[k], 'number', k);
  });
});

// api                   stream  usage from the server
const apis: Array<[string, boolean, boolean]> = [
  ['openai-chat', false, true],
  ['openai-completions', true, true],
  ['openai-completions', false, true],
  ['oip-generate', true, false],
  ['oip-generate', false, false],
];
for (const [api, stream, usage] of apis) {
  test(`${api} ${stream ? 'streamed' : 'whole answers'}: every token counted`, async () => {
    await withServer({ ttft: parseLatencyModel('2ms', '--ttft'), itl: parseLatencyModel('1ms', '--itl') }, async (url, stats) => {
      const { record } = await generate(['--url', url, '--api', api, '--model', 'm', '-n', '6', '--output-tokens', '5,2', ...(stream ? [] : ['--no-stream'])]);
      assert.equal(record.llm.successes, 6);
      assert.equal(record.llm.output_tokens, stats.tokensSent);
      // Without a tokenizer (the default), OIP's whole answers count their words in usage's place,
      // and its streams a token per chunk (generate-prompts.test.ts counts with a tokenizer).
      assert.equal(record.llm.usage_reported, usage || !stream ? 6 : 0);
      assert.equal(record.llm.client_counted, 0);
      assert.equal(record.llm.itl.count > 0, stream);
    });
  });
}

test('HTTP/2 (h2c, through undici) reads the same streams', async () => {
  await withServer({ h2c: true, ttft: parseLatencyModel('2ms', '--ttft'), itl: parseLatencyModel('1ms', '--itl') }, async (url, stats) => {
    const { record } = await generate(['--url', url, '--h2c', '--vus', '3', '-n', '9', '--output-tokens', '6']);
    assert.equal(record.llm.successes, 9);
    assert.equal(record.llm.output_tokens, stats.tokensSent);
    assert.equal(record.llm.itl.count, 9 * 5);
  });
  await withServer({ h2c: true, faults: { closeRate: 1 }, itl: parseLatencyModel('1ms', '--itl') }, async (url) => {
    const { record } = await generate(['--url', url, '--h2c', '-n', '2', '--output-tokens', '6'], 1);
    assert.equal(record.llm.successes, 0, 'a reset stream fails its request');
  });
});

test('a mid-stream error event or a cut connection fails the request; the tokens before it still count', async () => {
  await withServer({ faults: { errorRate: 1 }, itl: parseLatencyModel('1ms', '--itl') }, async (url, stats) => {
    const { record } = await generate(['--url', url, '-n', '3', '--output-tokens', '8'], 1);
    assert.equal(record.successes, 0);
    assert.equal(record.llm.goodput, 0);
    assert.equal(record.llm.output_tokens, stats.tokensSent);
    assert.equal(stats.tokensSent, 3 * 4);
    assert.match(record.errors[0].text, /check: error event: injected error/);
  });
  await withServer({ faults: { closeRate: 1 }, itl: parseLatencyModel('1ms', '--itl') }, async (url) => {
    const { record } = await generate(['--url', url, '-n', '2', '--output-tokens', '8'], 1);
    assert.equal(record.successes, 0);
    assert.equal(record.llm.requests, 2);
  });
});

test('a stall shows in the ITL maximum, not as a failure', async () => {
  await withServer({ faults: { stallRate: 1, stallMs: 300 }, itl: parseLatencyModel('1ms', '--itl') }, async (url) => {
    const { record } = await generate(['--url', url, '-n', '2', '--output-tokens', '6', '--report', 'json']);
    assert.equal(record.llm.successes, 2);
    assert.ok(record.llm.itl.p99_ns >= 250e6, `ITL p99 ${record.llm.itl.p99_ns} ns`);
  });
});

test('the record reads back: loadgen report prints the same generative figures', async () => {
  await withServer({ ttft: parseLatencyModel('3ms', '--ttft'), itl: parseLatencyModel('1ms', '--itl') }, async (url) => {
    const file = join(dir, 'rt.json');
    const r = await runCli(['generate', '--quiet', '--url', url, '-n', '4', '--output-tokens', '3', '--slo', 'e2e<=10s', '--result', file]);
    assert.equal(r.code, 0, r.stderr);
    const again = await runCli(['report', file]);
    assert.equal(again.code, 0, again.stderr);
    const section = (s: string) => s.slice(s.indexOf('Generative'));
    assert.equal(section(again.stdout), section(r.stdout));
  });
});

test('--arrivals poisson: an open loop of exactly -n requests at seeded Poisson times', async () => {
  await withServer({ itl: parseLatencyModel('1ms', '--itl') }, async (url, stats) => {
    const { record } = await generate(['--url', url, '--rate', '50', '-n', '12', '--arrivals', 'poisson', '--output-tokens', '3']);
    assert.equal(record.llm.requests, 12);
    assert.equal(stats.requests, 12);
    assert.ok(record.llm.ttft_response !== null, 'open loop: TTFT from the intended send too');
  });
});

test('--dataset: ShareGPT JSON and JSON lines give the prompts and, unless --output-tokens says otherwise, the output lengths', async () => {
  const sharegpt = join(dir, 'sharegpt.json');
  writeFileSync(
    sharegpt,
    JSON.stringify([
      { id: 'a', conversations: [{ from: 'human', value: 'one two three' }, { from: 'gpt', value: 'a b c d' }] },
      { id: 'b', conversations: [{ from: 'system', value: 'x' }, { from: 'human', value: 'four five' }, { from: 'gpt', value: 'e f' }] },
      { id: 'c', conversations: [{ from: 'human', value: 'no reply' }] },
    ]),
  );
  const jsonl = join(dir, 'prompts.jsonl');
  writeFileSync(jsonl, '{"prompt": "hello there", "output_tokens": 3}\n{"messages": [{"role": "user", "content": "hi you all"}], "max_tokens": 5}\n');
  await withServer({ itl: parseLatencyModel('1ms', '--itl') }, async (url, stats) => {
    // Two usable ShareGPT entries, sent round-robin: 4 requests are each entry twice.
    const { record } = await generate(['--url', url, '-n', '4', '--dataset', sharegpt]);
    assert.equal(record.llm.output_tokens, 2 * (4 + 2));
    assert.equal(record.llm.input_tokens, 2 * (3 + 2));
    assert.equal(stats.tokensSent, record.llm.output_tokens);
    stats.reset();
    const chat = await generate(['--url', url, '-n', '2', '--dataset', jsonl]);
    assert.equal(chat.record.llm.output_tokens, 3 + 5);
    assert.equal(stats.promptTokens, 2 + 3);
    stats.reset();
    const fixed = await generate(['--url', url, '-n', '2', '--dataset', jsonl, '--output-tokens', '7']);
    assert.equal(fixed.record.llm.output_tokens, 14);
  });
  const bad = join(dir, 'bad.jsonl');
  writeFileSync(bad, '{"prompt": "ok"}\n{"nothing": 1}\n');
  const r = await runCli(['generate', '--url', 'http://127.0.0.1:9', '--dataset', bad]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--dataset: .*bad\.jsonl line 2 has no "prompt", "text" or "messages"/);
});

test('loadgen merge adds up the generative parts of two records', async () => {
  await withServer({ itl: parseLatencyModel('1ms', '--itl') }, async (url, stats) => {
    const a = await generate(['--url', url, '-n', '3', '--output-tokens', '4', '--slo', 'ttft<=5s']);
    const b = await generate(['--url', url, '-n', '5', '--output-tokens', '4', '--slo', 'ttft<=5s']);
    const files = [a, b].map((r, i) => {
      const f = join(dir, `m${i}.json`);
      writeFileSync(f, JSON.stringify(r.record));
      return f;
    });
    const out = join(dir, 'merged.json');
    const m = await runCli(['merge', ...files, '--result', out]);
    assert.equal(m.code, 0, m.stderr);
    const merged = (JSON.parse(readFileSync(out, 'utf8')) as Record).llm;
    assert.equal(merged.requests, 8);
    assert.equal(merged.output_tokens, stats.tokensSent);
    assert.equal(merged.goodput, 8);
    assert.equal(merged.itl.count, 8 * 3);
  });
});

test('bad generate input is one line and exit 2 before any load', async () => {
  for (const [args, pattern] of [
    [['--api', 'bogus'], /--api: "bogus" is not an API/],
    [['--api', 'oip-generate'], /--model: oip-generate needs the model name/],
    [['--output-tokens', 'x'], /--output-tokens: "x" is not a length/],
    [['--slo', 'ttft>=1s'], /per-request objective is an upper bound/],
    [['--arrivals', 'poisson', '--vus', '2'], /--arrivals poisson is open loop/],
    [['--arrivals', 'pareto'], /--arrivals: "pareto" is not an arrival process; use constant, poisson or gamma/],
    [['--burstiness', '0.5', '--vus', '2'], /--burstiness is open loop: give --rate N/],
    [['--arrivals', 'gamma'], /--arrivals gamma is open loop: give --rate N/],
    [['--burstiness', '0', '--rate', '5'], /--burstiness: must be a number > 0/],
    [['--burstiness', '2', '--arrivals', 'poisson', '--rate', '5'], /--burstiness shapes gamma arrivals/],
  ] as const) {
    const r = await runCli(['generate', '--url', 'http://127.0.0.1:9', ...args]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  }
});
