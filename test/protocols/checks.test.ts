import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExpectedOutputs } from '../../src/payloads/expected-outputs.js';
import { encodeRawTensor } from '../../src/payloads/raw-tensor.js';
import { checkSeldonResponse } from '../../src/protocols/checks/seldon-check.js';
import { checkTfServingResponse } from '../../src/protocols/checks/tfserving-check.js';
import { checkV2BinaryResponse } from '../../src/protocols/checks/v2-binary-check.js';
import { checkV2JsonResponse } from '../../src/protocols/checks/v2-json-check.js';

const json = (v: unknown): Buffer => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));
const TFSIMPLE: ExpectedOutputs = {
  outputs: [
    { name: 'OUTPUT0', datatype: 'INT32', shape: [1, 2] },
    { name: 'OUTPUT1', datatype: 'INT32', shape: [1, 2] },
  ],
};
const out = (name: string, shape: number[], data: unknown[], datatype = 'INT32'): Record<string, unknown> => ({ name, datatype, shape, data });
const GOOD = { model_name: 'tfsimple', outputs: [out('OUTPUT0', [1, 2], [1, 2]), out('OUTPUT1', [1, 2], [[0, 0]])] };

describe('checkV2JsonResponse', () => {
  it('passes a well-formed response with the expected outputs (flat or nested data, extra outputs)', () => {
    assert.equal(checkV2JsonResponse(200, {}, json(GOOD), TFSIMPLE), null);
    assert.equal(checkV2JsonResponse(200, {}, json({ outputs: [...GOOD.outputs, out('X', [1], [1])] }), TFSIMPLE), null);
    assert.equal(checkV2JsonResponse(200, {}, json(GOOD), null), null);
  });

  // what, status, body, expectation, reason
  const failures: Array<[string, number, Buffer, ExpectedOutputs | null, string]> = [
    ['an error status', 500, json({ error: 'boom' }), TFSIMPLE, 'check: status 500'],
    ['a 400', 400, json({ error: 'bad' }), null, 'check: status 400'],
    ['bad JSON', 200, json('{"outputs": ['), TFSIMPLE, 'check: body is not JSON'],
    ['a JSON array', 200, json([1]), TFSIMPLE, 'check: body is not a JSON object'],
    ['an error body with status 200', 200, json({ error: 'x' }), null, 'check: no "outputs" array'],
    ['no outputs', 200, json({ outputs: [] }), null, 'check: no outputs'],
    ['a missing output', 200, json({ outputs: [GOOD.outputs[0]] }), TFSIMPLE, 'check: missing output "OUTPUT1"'],
    ['a wrong shape', 200, json({ outputs: [GOOD.outputs[0], out('OUTPUT1', [2, 1], [0, 0])] }), TFSIMPLE, 'check: output "OUTPUT1" shape [2,1], expected [1,2]'],
    ['a wrong datatype', 200, json({ outputs: [GOOD.outputs[0], out('OUTPUT1', [1, 2], [0, 0], 'FP32')] }), TFSIMPLE, 'check: output "OUTPUT1" datatype FP32, expected INT32'],
    ['too few values', 200, json({ outputs: [out('OUTPUT0', [1, 2], [1]), GOOD.outputs[1]] }), TFSIMPLE, 'check: output "OUTPUT0" has 1 values, shape needs 2'],
    ['no data', 200, json({ outputs: [{ name: 'y', datatype: 'FP32', shape: [1] }] }), null, 'check: output "y" has no data'],
    ['a nameless output', 200, json({ outputs: [{ datatype: 'FP32', shape: [1], data: [1] }] }), null, 'check: outputs[0] has no name'],
    ['an unknown datatype', 200, json({ outputs: [out('y', [1], [1], 'FLOAT')] }), null, 'check: output "y" has a bad datatype'],
    ['a bad shape', 200, json({ outputs: [out('y', [-1], [1])] }), null, 'check: output "y" has a bad shape'],
  ];
  for (const [what, status, body, expect, reason] of failures) {
    it(`fails ${what}: ${reason}`, () => assert.equal(checkV2JsonResponse(status, {}, body, expect), reason));
  }
});

describe('checkV2BinaryResponse', () => {
  const header = JSON.stringify({
    outputs: [
      { name: 'OUTPUT0', datatype: 'INT32', shape: [1, 2], parameters: { binary_data_size: 8 } },
      { name: 'OUTPUT1', datatype: 'INT32', shape: [1, 2], data: [0, 0] },
    ],
  });
  const body = Buffer.concat([Buffer.from(header), encodeRawTensor('INT32', [1, 2])]);
  const headers = { 'inference-header-content-length': String(header.length) };

  it('passes binary and JSON outputs, and plain JSON responses', () => {
    assert.equal(checkV2BinaryResponse(200, headers, body, TFSIMPLE), null);
    assert.equal(checkV2BinaryResponse(200, {}, json(GOOD), TFSIMPLE), null);
  });

  it('fails malformed binary responses', () => {
    assert.equal(checkV2BinaryResponse(503, headers, body, TFSIMPLE), 'check: status 503');
    assert.equal(checkV2BinaryResponse(200, headers, body.subarray(0, body.length - 1), TFSIMPLE), 'check: output "OUTPUT0": binary data runs past the end of the body');
    assert.equal(checkV2BinaryResponse(200, headers, Buffer.concat([body, Buffer.alloc(4)]), TFSIMPLE), 'check: binary data left over after the outputs');
    assert.equal(checkV2BinaryResponse(200, { 'inference-header-content-length': 'x' }, body, TFSIMPLE), 'check: bad Inference-Header-Content-Length');
    assert.equal(checkV2BinaryResponse(200, {}, body, TFSIMPLE), 'check: body is not JSON');
    const short = Buffer.concat([Buffer.from(header.replace('"shape":[1,2],"parameters"', '"shape":[1,3],"parameters"')), encodeRawTensor('INT32', [1, 2])]);
    assert.equal(
      checkV2BinaryResponse(200, { 'inference-header-content-length': String(short.length - 8) }, short, TFSIMPLE),
      'check: output "OUTPUT0": binary data does not match its shape',
    );
  });
});

describe('checkTfServingResponse', () => {
  const one: ExpectedOutputs = { outputs: [{ name: 'scores', shape: [2, 3] }] };
  const two: ExpectedOutputs = { outputs: [{ name: 'a', shape: [2] }, { name: 'b', shape: [2, 2] }] };

  it('passes unwrapped single outputs and named ones, in row and columnar form', () => {
    assert.equal(checkTfServingResponse(200, {}, json({ predictions: [[1, 2, 3], [4, 5, 6]] }), one), null);
    assert.equal(checkTfServingResponse(200, {}, json({ outputs: [[1, 2, 3], [4, 5, 6]] }), one), null);
    assert.equal(checkTfServingResponse(200, {}, json({ predictions: [{ a: 1, b: [1, 2] }, { a: 2, b: [3, 4] }] }), two), null);
    assert.equal(checkTfServingResponse(200, {}, json({ outputs: { a: [1, 2], b: [[1, 2], [3, 4]] } }), two), null);
    assert.equal(checkTfServingResponse(200, {}, json({ predictions: [{ b64: 'aGk=' }] }), null), null);
  });

  const failures: Array<[number, unknown, ExpectedOutputs | null, string]> = [
    [404, { error: 'Servable not found' }, one, 'check: status 404'],
    [200, '{', one, 'check: body is not JSON'],
    [200, { error: 'x' }, one, 'check: error response'],
    [200, {}, one, 'check: no "predictions" or "outputs"'],
    [200, { predictions: [1], outputs: [1] }, one, 'check: no "predictions" or "outputs"'],
    [200, { predictions: 3 }, one, 'check: "predictions" is not an array'],
    [200, { predictions: [[1, 2, 3], [4]] }, one, 'check: output is not a rectangular array'],
    [200, { predictions: [[1, 2, 3]] }, one, 'check: output "scores" shape [1,3], expected [2,3]'],
    [200, { predictions: [{ a: 1 }, { a: 2 }] }, two, 'check: missing output "b"'],
    [200, { predictions: [{ a: 1, b: [1, 2] }, { a: 2 }] }, two, 'check: predictions[1] lacks output "b"'],
    [200, { predictions: [1, 2] }, two, 'check: missing output "a"'],
    [200, { predictions: [] }, null, 'check: "predictions" is empty'],
    [200, { outputs: {} }, null, 'check: no outputs'],
  ];
  for (const [status, body, expect, reason] of failures) {
    it(`fails ${JSON.stringify(body)}: ${reason}`, () => assert.equal(checkTfServingResponse(status, {}, json(body), expect), reason));
  }
});

describe('checkSeldonResponse', () => {
  const one: ExpectedOutputs = { outputs: [{ name: 'proba', shape: [1, 3] }] };

  it('passes ndarray and tensor answers; several expected outputs only need well-formedness', () => {
    assert.equal(checkSeldonResponse(200, {}, json({ data: { names: ['a', 'b', 'c'], ndarray: [[0.1, 0.2, 0.7]] }, meta: {} }), one), null);
    assert.equal(checkSeldonResponse(200, {}, json({ data: { tensor: { shape: [1, 3], values: [1, 2, 3] } } }), one), null);
    const two: ExpectedOutputs = { outputs: [{ name: 'x', shape: [9] }, { name: 'y' }] };
    assert.equal(checkSeldonResponse(200, {}, json({ data: { ndarray: [1] } }), two), null);
    assert.equal(checkSeldonResponse(200, {}, json({ strData: 'hi' }), null), null);
  });

  const failures: Array<[number, unknown, ExpectedOutputs | null, string]> = [
    [500, { status: { status: 'FAILURE' } }, one, 'check: status 500'],
    [200, 'nope', one, 'check: body is not JSON'],
    [200, { status: { code: -1, status: 'FAILURE' }, data: { ndarray: [[1, 2, 3]] } }, one, 'check: status FAILURE'],
    [200, { meta: {} }, one, 'check: no data.tensor or data.ndarray'],
    [200, { strData: 'hi' }, one, 'check: no data.tensor or data.ndarray'],
    [200, { data: { names: [] } }, null, 'check: no data.tensor or data.ndarray'],
    [200, { data: { tensor: { shape: [2, 3], values: [1, 2, 3] } } }, one, 'check: data.tensor has 3 values, shape needs 6'],
    [200, { data: { tensor: { shape: [-1], values: [] } } }, one, 'check: data.tensor has a bad shape'],
    [200, { data: { tensor: { shape: [1], values: ['a'] } } }, one, 'check: data.tensor has bad values'],
    [200, { data: { ndarray: [[1, 2], [3]] } }, one, 'check: data.ndarray is not a rectangular array'],
    [200, { data: { ndarray: [[1, 2, 3], [4, 5, 6]] } }, one, 'check: output "proba" shape [2,3], expected [1,3]'],
  ];
  for (const [status, body, expect, reason] of failures) {
    it(`fails ${JSON.stringify(body)}: ${reason}`, () => assert.equal(checkSeldonResponse(status, {}, json(body), expect), reason));
  }
});
