import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inputFlagsTemplate } from '../../src/payloads/input-flag.js';
import { loadNamedPayload } from '../../src/payloads/payload-library.js';
import { expandPayloadTemplate } from '../../src/payloads/payload-template.js';
import { encodeRawTensor } from '../../src/payloads/raw-tensor.js';
import { buildV2BinaryHttpRequest, decodeV2BinaryResponse, v2BinaryRequestBody } from '../../src/protocols/v2-binary.js';
import { buildV2HttpRequest } from '../../src/protocols/v2-http.js';

const BASE = 'http://127.0.0.1:8000';

describe('V2 binary tensor extension: requests (inference-protocols.md 3.1)', () => {
  it('tfsimple: JSON header with binary_data_size, then INPUT0 and INPUT1 as little-endian int32', () => {
    const payload = loadNamedPayload('tfsimple');
    const req = buildV2BinaryHttpRequest({ baseUrl: BASE, model: 'tfsimple', payload });
    assert.equal(req.path, '/v2/models/tfsimple/infer');
    const body = req.body as Buffer;
    const jsonLength = Number(new Map(req.headers).get('inference-header-content-length'));
    assert.equal(new Map(req.headers).get('content-type'), 'application/octet-stream');
    assert.deepEqual(JSON.parse(body.toString('utf8', 0, jsonLength)), {
      inputs: [
        { name: 'INPUT0', shape: [1, 16], datatype: 'INT32', parameters: { binary_data_size: 64 } },
        { name: 'INPUT1', shape: [1, 16], datatype: 'INT32', parameters: { binary_data_size: 64 } },
      ],
    });
    const raw = encodeRawTensor('INT32', payload.inputs[0].data);
    assert.deepEqual(body.subarray(jsonLength), Buffer.concat([raw, raw]));
  });

  it('BYTES inputs get 4-byte length prefixes; parameters are kept and binary_data_output added', () => {
    const { body, jsonLength } = v2BinaryRequestBody({ ...loadNamedPayload('echo', 2), parameters: { content_type: 'str' } }, { binaryOutput: true });
    const header = JSON.parse(body.toString('utf8', 0, jsonLength)) as { parameters: unknown; inputs: Array<{ parameters: unknown }> };
    assert.deepEqual(header.parameters, { content_type: 'str', binary_data_output: true });
    assert.deepEqual(header.inputs[0].parameters, { binary_data_size: 18 });
    assert.equal(body.subarray(jsonLength).toString('hex'), '05000000' + Buffer.from('hello').toString('hex') + '05000000' + Buffer.from('hello').toString('hex'));
  });

  it('binaryInputs false sends JSON data and only asks for binary outputs', () => {
    const req = buildV2BinaryHttpRequest({ baseUrl: BASE, model: 'iris', payload: loadNamedPayload('iris'), binaryInputs: false, binaryOutput: true });
    assert.deepEqual(req.headers, [['content-type', 'application/json']]);
    assert.deepEqual(JSON.parse(String(req.body)), {
      inputs: [{ name: 'predict', shape: [1, 4], datatype: 'FP32', data: [0, 1, 2, 3] }],
      parameters: { binary_data_output: true },
    });
  });

  it('tfresnet152 image data: the binary body is at least 4x smaller than the JSON one', () => {
    // Real-valued pixels, as --input input_1:FP32:B,224,224,3:random sends: JSON spends ~19 bytes a value.
    const payload = expandPayloadTemplate(inputFlagsTemplate(['input_1:FP32:B,224,224,3:random'], 'tfresnet152'), 1, '--input');
    const json = buildV2HttpRequest({ baseUrl: BASE, model: 'tfresnet152', payload }).body as Buffer;
    const binary = buildV2BinaryHttpRequest({ baseUrl: BASE, model: 'tfresnet152', payload }).body as Buffer;
    assert.ok(binary.length >= 602112 && binary.length < 602112 + 200, `binary ${binary.length}`);
    assert.ok(json.length >= 4 * binary.length, `JSON ${json.length} vs binary ${binary.length}`);
  });

  it('tfresnet152 spec payload (every value 0.1): binary and JSON are the same size, since "0.1," is also 4 bytes', () => {
    const payload = loadNamedPayload('tfresnet152');
    const json = buildV2HttpRequest({ baseUrl: BASE, model: 'tfresnet152', payload }).body as Buffer;
    const binary = buildV2BinaryHttpRequest({ baseUrl: BASE, model: 'tfresnet152', payload }).body as Buffer;
    assert.ok(Math.abs(binary.length - json.length) < 100, `JSON ${json.length} vs binary ${binary.length}`);
  });
});

describe('V2 binary tensor extension: responses', () => {
  function binaryResponse(outputs: Array<{ name: string; datatype: string; shape: number[]; raw?: Buffer; data?: unknown[] }>): { headers: Record<string, string>; body: Buffer } {
    const header = JSON.stringify({
      model_name: 'm',
      outputs: outputs.map((o) => (o.raw === undefined ? { name: o.name, datatype: o.datatype, shape: o.shape, data: o.data } : { name: o.name, datatype: o.datatype, shape: o.shape, parameters: { binary_data_size: o.raw.length } })),
    });
    const raws = outputs.flatMap((o) => (o.raw === undefined ? [] : [o.raw]));
    return { headers: { 'inference-header-content-length': String(Buffer.byteLength(header)) }, body: Buffer.concat([Buffer.from(header), ...raws]) };
  }

  it('decodes binary and JSON outputs side by side', () => {
    const { headers, body } = binaryResponse([
      { name: 'OUTPUT0', datatype: 'INT32', shape: [2], raw: encodeRawTensor('INT32', [7, -7]) },
      { name: 'OUTPUT1', datatype: 'BYTES', shape: [1], data: ['json'] },
      { name: 'OUTPUT2', datatype: 'BYTES', shape: [2], raw: encodeRawTensor('BYTES', ['a', 'bc']) },
    ]);
    const r = decodeV2BinaryResponse(headers, body);
    assert.deepEqual(
      r.outputs.map((o) => [o.name, o.data]),
      [
        ['OUTPUT0', [7, -7]],
        ['OUTPUT1', ['json']],
        ['OUTPUT2', ['a', 'bc']],
      ],
    );
  });

  it('decodes a plain JSON response (no header) too', () => {
    const body = Buffer.from(JSON.stringify({ outputs: [{ name: 'y', datatype: 'FP32', shape: [1], data: [1] }] }));
    assert.deepEqual(decodeV2BinaryResponse({}, body).outputs[0].data, [1]);
  });

  it('rejects inconsistent binary responses with short messages', () => {
    const ok = binaryResponse([{ name: 'y', datatype: 'FP32', shape: [2], raw: encodeRawTensor('FP32', [1, 2]) }]);
    const cases: Array<[Record<string, string>, Buffer, RegExp]> = [
      [{ 'inference-header-content-length': 'abc' }, ok.body, /bad Inference-Header-Content-Length/],
      [{ 'inference-header-content-length': String(ok.body.length + 1) }, ok.body, /bad Inference-Header-Content-Length/],
      [ok.headers, ok.body.subarray(0, ok.body.length - 4), /runs past the end/],
      [ok.headers, Buffer.concat([ok.body, Buffer.alloc(3)]), /left over/],
      [{ 'inference-header-content-length': '5' }, ok.body, /not JSON/],
    ];
    for (const [headers, body, error] of cases) assert.throws(() => decodeV2BinaryResponse(headers, body), error);
    const wrongShape = binaryResponse([{ name: 'y', datatype: 'FP32', shape: [3], raw: encodeRawTensor('FP32', [1, 2]) }]);
    assert.throws(() => decodeV2BinaryResponse(wrongShape.headers, wrongShape.body), /output "y": binary data does not match its shape/);
  });
});
