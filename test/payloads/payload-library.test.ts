import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { UsageError } from '../../src/core/errors.js';
import { listNamedPayloads, loadNamedPayload, loadNamedPayloadTemplate, loadPayloadFile } from '../../src/payloads/payload-library.js';

const seq = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** isOneLineUsageError matches a UsageError whose single-line message matches pattern. */
function isOneLineUsageError(pattern: RegExp): (err: unknown) => boolean {
  return (err: unknown) => err instanceof UsageError && pattern.test(err.message) && !err.message.includes('\n');
}

describe('named payloads (model-zoo.md section 3)', () => {
  it('lists the shipped payloads', () => {
    const names = listNamedPayloads();
    for (const name of ['echo', 'iris', 'tfsimple']) assert.ok(names.includes(name), `${name} in ${names.join(',')}`);
    assert.deepEqual(names, [...names].sort());
  });

  it('iris: predict FP32 [B,4] with 0..4B-1', () => {
    assert.deepEqual(loadNamedPayload('iris'), {
      inputs: [{ name: 'predict', datatype: 'FP32', shape: [1, 4], data: [0, 1, 2, 3] }],
    });
    assert.deepEqual(loadNamedPayload('iris', 3), {
      inputs: [{ name: 'predict', datatype: 'FP32', shape: [3, 4], data: seq(12) }],
    });
  });

  it('tfsimple: INPUT0 and INPUT1 INT32 [B,16] with 0..16B-1 each', () => {
    assert.deepEqual(loadNamedPayload('tfsimple', 1), {
      inputs: [
        { name: 'INPUT0', datatype: 'INT32', shape: [1, 16], data: seq(16) },
        { name: 'INPUT1', datatype: 'INT32', shape: [1, 16], data: seq(16) },
      ],
    });
    const b3 = loadNamedPayload('tfsimple', 3);
    assert.deepEqual(
      b3.inputs.map((t) => [t.name, t.shape, t.data]),
      [
        ['INPUT0', [3, 16], seq(48)],
        ['INPUT1', [3, 16], seq(48)],
      ],
    );
  });

  it('echo: input_1 BYTES [B] of "hello"', () => {
    assert.deepEqual(loadNamedPayload('echo', 3).inputs, [{ name: 'input_1', datatype: 'BYTES', shape: [3], data: ['hello', 'hello', 'hello'] }]);
  });

  it('the template names the model it is for', () => {
    assert.equal(loadNamedPayloadTemplate('iris').model, 'iris');
  });

  it('rejects unknown names, listing the available ones', () => {
    assert.throws(() => loadNamedPayload('resnet'), isOneLineUsageError(/unknown payload "resnet"; available: .*iris.*tfsimple/));
    assert.throws(() => loadNamedPayload('../package'), isOneLineUsageError(/unknown payload/));
  });

  it('rejects a batch size that is not a positive integer', () => {
    for (const b of [0, -1, 1.5, NaN]) assert.throws(() => loadNamedPayload('iris', b), isOneLineUsageError(/--batch-size/));
  });
});

describe('loadPayloadFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loadgen-payload-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('reads a V2 request body, flattening nested data and keeping parameters and outputs', () => {
    const path = file(
      'ok.json',
      JSON.stringify({
        id: 'ignored',
        parameters: { content_type: 'pd' },
        inputs: [
          { name: 'predict', shape: [2, 2], datatype: 'FP32', data: [[1, 2], [3, 4]], parameters: { content_type: 'np' } },
          { name: 'flag', shape: [1], datatype: 'BOOL', data: [true] },
        ],
        outputs: [{ name: 'predict_proba' }],
      }),
    );
    assert.deepEqual(loadPayloadFile(path), {
      inputs: [
        { name: 'predict', datatype: 'FP32', shape: [2, 2], data: [1, 2, 3, 4], parameters: { content_type: 'np' } },
        { name: 'flag', datatype: 'BOOL', shape: [1], data: [true] },
      ],
      parameters: { content_type: 'pd' },
      outputs: [{ name: 'predict_proba' }],
    });
  });

  const bad: Array<[what: string, text: string | null, error: RegExp]> = [
    ['a missing file', null, /cannot read .*ENOENT/],
    ['bad JSON', '{"inputs": [', /invalid JSON/],
    ['no inputs array', '{"requests": [[1,2]]}', /"inputs" array/],
    ['an input without a name', '{"inputs": [{"shape": [1], "datatype": "FP32", "data": [1]}]}', /inputs\[0\] has no name/],
    ['an unknown datatype', '{"inputs": [{"name": "x", "shape": [1], "datatype": "FLOAT", "data": [1]}]}', /input "x": unknown datatype "FLOAT"/],
    ['data length != product(shape)', '{"inputs": [{"name": "x", "shape": [2, 3], "datatype": "FP32", "data": [1, 2, 3]}]}', /input "x": data has 3 elements but shape \[2,3\] needs 6/],
    ['strings in an INT32 tensor', '{"inputs": [{"name": "x", "shape": [2], "datatype": "INT32", "data": ["1", "2"]}]}', /input "x": data\[0\]: "1" is not an integer/],
    ['numbers in a BYTES tensor', '{"inputs": [{"name": "x", "shape": [1], "datatype": "BYTES", "data": [1]}]}', /input "x": data\[0\]: 1 is not a string/],
    ['a missing data field', '{"inputs": [{"name": "x", "shape": [1], "datatype": "FP32"}]}', /input "x": "data" is missing/],
    ['binary tensor data', '{"inputs": [{"name": "x", "shape": [1], "datatype": "FP32", "parameters": {"binary_data_size": 4}}]}', /binary tensor data/],
    ['a negative dimension', '{"inputs": [{"name": "x", "shape": [-1], "datatype": "FP32", "data": [1]}]}', /input "x": shape \[-1\] has an invalid dimension/],
    ['duplicate names', '{"inputs": [{"name": "x", "shape": [1], "datatype": "FP32", "data": [1]}, {"name": "x", "shape": [1], "datatype": "FP32", "data": [1]}]}', /input "x" appears more than once/],
    ['an object parameter', '{"parameters": {"a": {}}, "inputs": [{"name": "x", "shape": [1], "datatype": "FP32", "data": [1]}]}', /request parameters: "a"/],
  ];
  for (const [what, text, error] of bad) {
    it(`rejects ${what} with a one-line UsageError naming the file`, () => {
      const path = text === null ? join(dir, 'missing.json') : file(`${what.replace(/\W+/g, '-')}.json`, text);
      assert.throws(() => loadPayloadFile(path), isOneLineUsageError(new RegExp(`^payload file ".*${path.slice(-12).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}".*${error.source}`)));
    });
  }
});
