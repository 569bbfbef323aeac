import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SseScanner } from '../../src/protocols/sse-scanner.js';

const STREAM = ': keep-alive\n\ndata: {"a":1}\n\ndata:{"b":2}\r\n\r\nevent: x\ndata: [DONE]\n\n';
const EVENTS = ['{"a":1}', '{"b":2}', '[DONE]'];

function scan(chunks: Buffer[]): string[] {
  const seen: string[] = [];
  const s = new SseScanner();
  for (const c of chunks) s.push(c, { onSseData: (buf, start, end) => seen.push(buf.toString('utf8', start, end)) });
  return seen;
}

test('SseScanner reports each data line once, comments and other fields skipped, whatever the chunking', () => {
  const bytes = Buffer.from(STREAM);
  assert.deepEqual(scan([bytes]), EVENTS);
  for (let cut = 1; cut < bytes.length; cut++) assert.deepEqual(scan([bytes.subarray(0, cut), bytes.subarray(cut)]), EVENTS, `cut at ${cut}`);
  assert.deepEqual(scan([...bytes].map((b) => Buffer.from([b]))), EVENTS, 'one byte at a time');
});
