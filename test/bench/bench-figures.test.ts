import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BEGIN, END, figure, markdownTable, markers, replaceMarked, target } from '../../bench/lib/figures.js';
import { BODY_BYTES, tensorBody } from '../../bench/tensor/bodies.js';

test('replaceMarked replaces only the marked section and keeps the markers', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'bench-readme-')), 'README.md');
  writeFileSync(path, `# before\n${BEGIN}\nold table\n${END}\nafter\n`);
  replaceMarked(path, '| new |');
  assert.equal(readFileSync(path, 'utf8'), `# before\n${BEGIN}\n| new |\n${END}\nafter\n`);
  replaceMarked(path, '| newer |');
  assert.equal(readFileSync(path, 'utf8'), `# before\n${BEGIN}\n| newer |\n${END}\nafter\n`);
  writeFileSync(path, 'no markers\n');
  assert.throws(() => replaceMarked(path, 'x'), /no <!-- bench:begin -->/);
});

test("an own section's table (the soak's) is replaced between its own markers, the main table left standing", () => {
  const path = join(mkdtempSync(join(tmpdir(), 'bench-readme-')), 'README.md');
  const [b, e] = markers('soak');
  writeFileSync(path, `${BEGIN}\nmain\n${END}\n${b}\nold soak\n${e}\n`);
  replaceMarked(path, '| soak |', markers('soak'));
  assert.equal(readFileSync(path, 'utf8'), `${BEGIN}\nmain\n${END}\n${b}\n| soak |\n${e}\n`);
  replaceMarked(path, '| main |');
  assert.equal(readFileSync(path, 'utf8'), `${BEGIN}\n| main |\n${END}\n${b}\n| soak |\n${e}\n`);
});

test('a figure row shows both values, the ratio, the target verdict, and says when a peer is not installed', () => {
  const rows = markdownTable([
    figure({ section: 'HTTP', name: 'req per CPU-s', unit: 'req/CPU-s', loadgen: 50_000, peer: 'wrk', peerValue: 100_000, target: target('>= 0.65x wrk', false) }),
    figure({ section: 'start-up', name: 'first request', unit: 'ms', loadgen: 120, peer: 'vegeta', peerValue: null, note: 'not installed', target: null }),
  ]).split('\n');
  assert.equal(rows[2], '| HTTP | req per CPU-s | req/CPU-s | 50 000 | wrk | 100 000 | 0.50x | >= 0.65x wrk: **not met** |');
  assert.equal(rows[3], '| start-up | first request | ms | 120.0 | vegeta | not installed |  |  |');
});

test('the tensor body is a V2 request of exactly 600 KB whose shape matches its data', () => {
  const text = tensorBody();
  assert.equal(Buffer.byteLength(text), BODY_BYTES);
  const doc = JSON.parse(text) as { inputs: Array<{ shape: number[]; data: number[]; datatype: string }> };
  assert.equal(doc.inputs[0].datatype, 'FP32');
  assert.equal(doc.inputs[0].shape[1], doc.inputs[0].data.length);
});
