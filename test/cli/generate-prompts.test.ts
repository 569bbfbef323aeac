/**
 * `loadgen generate`'s arrival shapes, shared prompt prefixes and client-side token counts,
 * end to end against the reference LLM server (issue 14): --burstiness' Gamma arrivals send the
 * rate's count, --shared-prefix-tokens reaches the server, and the tokenizer counts what the
 * server's usage does not (--no-usage) and reports where the two disagree.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseLatencyModel } from '../../src/servers/latency-model.js';
import { startLlmServer, type LlmServer, type LlmServerOptions } from '../../src/servers/llm-server.js';
import { seededRandom } from '../../src/core/seeded-random.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-generate-prompts-'));

interface LlmRecord {
  requests: number;
  output_tokens: number;
  input_tokens: number;
  usage_reported: number;
  client_counted: number;
  tokenizer: string;
  token_count_mismatch: { compared: number; requests: number; mean_relative_diff: number; max_relative_diff: number };
}

async function generate(args: string[]): Promise<{ stdout: string; llm: LlmRecord; requests: number }> {
  const file = join(dir, `r-${Math.random().toString(36).slice(2)}.json`);
  const r = await runCli(['generate', '--result', file, ...args]);
  assert.equal(r.code, 0, r.stderr);
  const record = JSON.parse(readFileSync(file, 'utf8')) as { requests: number; llm: LlmRecord };
  return { stdout: r.stdout, llm: record.llm, requests: record.requests };
}

async function withServer<T>(o: LlmServerOptions, fn: (server: LlmServer) => Promise<T>): Promise<T> {
  const server = await startLlmServer({ random: seededRandom(7), itl: parseLatencyModel('1ms', '--itl'), ...o });
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

test('--burstiness 0.5 at --rate 50 for 4 s sends about 200 requests, every one recorded', async () => {
  await withServer({}, async (server) => {
    const { llm, requests } = await generate(['--url', server.url, '--rate', '50', '-d', '4s', '--burstiness', '0.5', '--output-tokens', '2', '--input-tokens', '8']);
    // Gamma(0.5) gaps have CV sqrt(2): the count over 4 s has a standard deviation of about
    // sqrt(2 * 200) = 20. 130..270 is 3.5 of them; a scale off by the shape (mean gap 10 or
    // 40 ms: 400 or 100 requests) is far outside.
    assert.ok(requests >= 130 && requests <= 270, `${requests} requests`);
    assert.equal(llm.requests, requests);
    assert.equal(server.stats.requests, requests);
  });
});

test('--shared-prefix-tokens: dataset prompts get the prefix (the server counts N more tokens each); synthetic ones keep their length', async () => {
  const jsonl = join(dir, 'prompts.jsonl');
  writeFileSync(jsonl, '{"prompt": "hello there", "output_tokens": 3}\n{"prompt": "three words here", "output_tokens": 3}\n');
  await withServer({}, async (server) => {
    const plain = await generate(['--url', server.url, '-n', '4', '--dataset', jsonl, '--quiet']);
    assert.equal(server.stats.promptTokens, 2 * (2 + 3));
    assert.equal(plain.llm.input_tokens, 2 * (2 + 3));
    server.stats.reset();
    const prefixed = await generate(['--url', server.url, '-n', '4', '--dataset', jsonl, '--shared-prefix-tokens', '12', '--quiet']);
    assert.equal(server.stats.promptTokens, 2 * (2 + 3) + 4 * 12);
    assert.equal(prefixed.llm.input_tokens, server.stats.promptTokens);
    server.stats.reset();
    await generate(['--url', server.url, '-n', '4', '--input-tokens', '40', '--shared-prefix-tokens', '30', '--quiet']);
    assert.equal(server.stats.promptTokens, 4 * 40);
  });
  const dry = await runCli(['generate', '--url', 'http://127.0.0.1:9', '--dry-run', '--prompts', '6', '--input-tokens', '20', '--shared-prefix-tokens', '15', '--tokenizer', 'cl100k_base']);
  assert.equal(dry.code, 0, dry.stderr);
  const prompts = (JSON.parse(dry.stdout) as { llm: { prompts: string[] } }).llm.prompts.map((p) => p.split(' '));
  for (const p of prompts) assert.deepEqual(p.slice(0, 15), prompts[0].slice(0, 15));
  assert.equal(new Set(prompts.map((p) => p.slice(15).join(' '))).size, 6, 'after the prefix, each prompt is its own');
});

test('without usage (serve --no-usage, OIP streams), the tokenizer counts the streamed text: exact for one-token words', async () => {
  await withServer({ usage: false }, async (server) => {
    for (const [api, tokenizer] of [['openai-chat', 'cl100k_base'], ['openai-completions', 'o200k_base'], ['oip-generate', 'cl100k_base']] as const) {
      server.stats.reset();
      const { llm } = await generate(['--url', server.url, '-n', '5', '--output-tokens', '6', '--input-tokens', '16', '--api', api, '--model', 'm', '--tokenizer', tokenizer, '--quiet']);
      assert.equal(llm.tokenizer, tokenizer);
      assert.equal(llm.usage_reported, 0, api);
      assert.equal(llm.client_counted, 5, api);
      assert.equal(llm.output_tokens, server.stats.tokensSent, api);
      assert.equal(llm.input_tokens, server.stats.promptTokens, api);
    }
    server.stats.reset();
    const whole = await generate(['--url', server.url, '-n', '3', '--output-tokens', '4', '--no-stream', '--tokenizer', 'cl100k_base', '--quiet']);
    assert.equal(whole.llm.client_counted, 3);
    assert.equal(whole.llm.output_tokens, 12);
  });
});

test('with usage, the client count is checked against it: agreement, and a server whose tokens are two of the client\'s', async () => {
  await withServer({}, async (server) => {
    const { llm, stdout } = await generate(['--url', server.url, '-n', '4', '--output-tokens', '5', '--tokenizer', 'cl100k_base']);
    assert.deepEqual(llm.token_count_mismatch, { compared: 4, requests: 0, mean_relative_diff: 0, max_relative_diff: 0 });
    assert.match(stdout, /Client\/server counts +0 of 4 differ/);
  });
  // ' loadgen' is two cl100k tokens (' load', 'gen'); the server's usage counts it as one.
  await withServer({ tokenText: ' loadgen' }, async (server) => {
    const { llm, stdout } = await generate(['--url', server.url, '-n', '4', '--output-tokens', '5', '--tokenizer', 'cl100k_base']);
    assert.equal(llm.output_tokens, 20, 'the server\'s usage is the count');
    assert.deepEqual(llm.token_count_mismatch, { compared: 4, requests: 4, mean_relative_diff: 1, max_relative_diff: 1 });
    assert.match(stdout, /Client\/server counts +4 of 4 differ \(cl100k_base vs usage; relative difference mean 100\.00%, max 100\.00%\)/);
    const none = await generate(['--url', server.url, '-n', '2', '--output-tokens', '5', '--tokenizer', 'none', '--quiet']);
    assert.equal(none.llm.token_count_mismatch.compared, 0);
    assert.equal(none.llm.tokenizer, 'none');
    const byDefault = await generate(['--url', server.url, '-n', '2', '--output-tokens', '5', '--quiet']);
    assert.equal(byDefault.llm.tokenizer, 'none', 'no tokenizer unless asked');
  });
});

test('bad --tokenizer and --shared-prefix-tokens are one line and exit 2 before any load', async () => {
  for (const [args, pattern] of [
    [['--tokenizer', 'llama3'], /--tokenizer: "llama3" is not a tokenizer; use cl100k_base, o200k_base, none/],
    [['--shared-prefix-tokens', '128'], /--shared-prefix-tokens: 128 is not below --input-tokens' mean \(128\)/],
    [['--shared-prefix-tokens', '-1'], /--shared-prefix-tokens: "-1" must be a whole number >= 0/],
  ] as const) {
    const r = await runCli(['generate', '--url', 'http://127.0.0.1:9', ...args]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  }
});
