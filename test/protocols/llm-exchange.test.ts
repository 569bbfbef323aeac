import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LlmExchange } from '../../src/protocols/llm-exchange.js';

const chat = (content: string) => `data: {"choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}},"finish_reason":null}]}\n\n`;

function exchange(api: 'openai-chat' | 'oip-generate', times: number[]): { x: LlmExchange; ended: LlmExchange[] } {
  const ended: LlmExchange[] = [];
  let i = 0;
  const x = new LlmExchange({ onExchangeEnd: (e) => ended.push(e as LlmExchange) }, () => times[Math.min(i++, times.length - 1)], api, true);
  x.onHeaders(200, [], () => {}, 'OK');
  return { x, ended };
}

test('LlmExchange: one arrival time per chunk for its content deltas; role-only, empty and finish chunks are no tokens; usage read once', () => {
  const { x, ended } = exchange('openai-chat', [10, 20, 30]);
  const role = 'data: {"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}\n\n';
  x.onData(Buffer.from(': ping\n\n' + role + chat('a')));
  x.onData(Buffer.from(chat('b') + chat('c') + 'data: {"choices":[{"index":0,"delta":{},"finish_reason":"length"}]}\n\ndata: {"choices":[],"usage":{"prompt_tokens":7,"completion_tokens":3}}\n\n'));
  x.onData(Buffer.from('data: [DONE]\n\n'));
  x.onComplete();
  assert.equal(ended.length, 1);
  assert.equal(x.errorKind, null);
  assert.deepEqual([...x.tokenNs.subarray(0, x.deltas)], [10, 20, 20]);
  assert.equal(x.usageOutput, 3);
  assert.equal(x.usagePrompt, 7);
  assert.equal(x.sawDone, true);
});

test('LlmExchange: many events in one chunk, split anywhere, count the same', () => {
  const text = Array.from({ length: 300 }, (_, i) => chat(`t${i}`)).join('') + 'data: [DONE]\n\n';
  const bytes = Buffer.from(text);
  for (const cut of [1, 100, 4097, bytes.length - 3]) {
    const { x } = exchange('openai-chat', [1, 2]);
    x.onData(bytes.subarray(0, cut));
    x.onData(bytes.subarray(cut));
    assert.equal(x.deltas, 300, `cut at ${cut}`);
  }
});

test('LlmExchange: an error event fails the exchange as a check with the server\'s message', () => {
  const { x } = exchange('oip-generate', [5]);
  x.onData(Buffer.from('data: {"text_output":" a"}\n\ndata: {"error":"out of memory"}\n\n'));
  x.onComplete();
  assert.equal(x.deltas, 1);
  assert.equal(x.errorKind, 'check');
  assert.equal(x.errorText, 'check: error event: out of memory');
});

test('LlmExchange keepText: the streamed text decoded once at the end, escapes and split events included; reset empties it', () => {
  const parts = ['Hello', ', "world"', '\n\tété ', '\\ back', ' 😀', ' ['.repeat(3000)];
  const bytes = Buffer.from(parts.map(chat).join('') + 'data: [DONE]\n\n');
  for (const cut of [7, 60, 100, bytes.length - 20]) {
    const x = new LlmExchange({ onExchangeEnd: () => {} }, () => 1, 'openai-chat', true, true);
    x.onHeaders(200, [], () => {}, 'OK');
    x.onData(bytes.subarray(0, cut));
    x.onData(bytes.subarray(cut));
    x.onComplete();
    assert.equal(x.outputText(), parts.join(''), `cut at ${cut}`);
    x.reset();
    assert.equal(x.outputText(), '');
  }
  const { x } = exchange('openai-chat', [1]);
  x.onData(Buffer.from(chat('kept only with keepText')));
  assert.equal(x.outputText(), '');
});

test('LlmExchange keepText: a whole answer\'s text, for every API', () => {
  const answers: Array<['openai-chat' | 'openai-completions' | 'oip-generate', object]> = [
    ['openai-chat', { choices: [{ index: 0, message: { role: 'assistant', content: 'a b' } }] }],
    ['openai-completions', { choices: [{ index: 0, text: 'a b' }] }],
    ['oip-generate', { text_output: 'a b' }],
  ];
  for (const [api, doc] of answers) {
    const x = new LlmExchange({ onExchangeEnd: () => {} }, () => 1, api, false, true);
    x.onHeaders(200, [], () => {}, 'OK');
    x.onData(Buffer.from(JSON.stringify(doc)));
    x.onComplete();
    assert.equal(x.outputText(), 'a b', api);
    assert.equal(x.usageOutput, -1, `${api}: no usage, and no word count in its place`);
  }
});
