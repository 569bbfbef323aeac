import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/core/errors.js';
import { loadNamedPayload } from '../../src/payloads/payload-library.js';
import { buildTfServingHttpRequest, tfServingRequestBody } from '../../src/protocols/tfserving-http.js';

describe('TF Serving REST predict requests (inference-protocols.md 4.1)', () => {
  it('builds POST /v1/models/<m>[/versions/<v> | /labels/<l>]:predict', () => {
    const payload = loadNamedPayload('iris');
    assert.equal(buildTfServingHttpRequest({ baseUrl: 'http://h:8501', model: 'iris', payload }).path, '/v1/models/iris:predict');
    assert.equal(buildTfServingHttpRequest({ baseUrl: 'http://h:8501/p/', model: 'iris', version: '2', payload }).path, '/p/v1/models/iris/versions/2:predict');
    assert.equal(buildTfServingHttpRequest({ baseUrl: 'http://h:8501', model: 'iris', label: 'stable', payload }).path, '/v1/models/iris/labels/stable:predict');
    assert.throws(() => buildTfServingHttpRequest({ baseUrl: 'http://h:8501', model: 'iris', version: '1', label: 'x', payload }), UsageError);
    assert.throws(() => buildTfServingHttpRequest({ baseUrl: 'h:8501', model: 'iris', payload }), /--url/);
  });

  it('row format: one unnamed input per instance, nested to the per-sample shape', () => {
    assert.deepEqual(tfServingRequestBody(loadNamedPayload('iris', 2), 'row'), { instances: [[0, 1, 2, 3], [4, 5, 6, 7]] });
    assert.deepEqual(tfServingRequestBody(loadNamedPayload('add10'), 'row', 'serving_default'), { signature_name: 'serving_default', instances: [0.1, 0.1, 0.1, 0.1] });
  });

  it('row format: several inputs as objects keyed by name; BYTES as {"b64"}', () => {
    const body = tfServingRequestBody(loadNamedPayload('onnx_gpt2', 2), 'row');
    assert.deepEqual(body.instances, [
      { input_ids: new Array(10).fill(1), attention_mask: new Array(10).fill(1) },
      { input_ids: new Array(10).fill(1), attention_mask: new Array(10).fill(1) },
    ]);
    assert.deepEqual(tfServingRequestBody(loadNamedPayload('echo', 2), 'row').instances, [{ b64: 'aGVsbG8=' }, { b64: 'aGVsbG8=' }]);
  });

  it('columnar format: the whole tensor, keyed by name when there are several', () => {
    assert.deepEqual(tfServingRequestBody(loadNamedPayload('iris', 2), 'columnar'), { inputs: [[0, 1, 2, 3], [4, 5, 6, 7]] });
    const wine = tfServingRequestBody(loadNamedPayload('mlflow_wine', 2), 'columnar').inputs as Record<string, unknown>;
    assert.deepEqual(Object.keys(wine).length, 11);
    assert.deepEqual(wine['citric acid'], [1, 1]);
  });

  it('row format refuses scalars and differing first dimensions', () => {
    const scalar = { inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [], data: [1] }] };
    assert.throws(() => tfServingRequestBody(scalar, 'row'), /scalar; use the columnar format/);
    const ragged = {
      inputs: [
        { name: 'a', datatype: 'FP32' as const, shape: [1], data: [1] },
        { name: 'b', datatype: 'FP32' as const, shape: [2], data: [1, 2] },
      ],
    };
    assert.throws(() => tfServingRequestBody(ragged, 'row'), /first dimensions differ/);
    assert.deepEqual(tfServingRequestBody(scalar, 'columnar'), { inputs: 1 });
  });
});
