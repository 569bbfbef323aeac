import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadGrpcMethod } from '../../src/grpc/grpc-method.js';
import { encodeModelInferRequest, V2_INFER_PATH } from '../../src/grpc/v2-grpc-request.js';
import type { Datatype } from '../../src/payloads/datatype.js';
import { loadNamedPayload } from '../../src/payloads/payload-library.js';
import { bfloat16ToFloat, decodeRawContents, encodeRawTensor, floatToBfloat16, floatToHalf, halfToFloat, RawTensorError } from '../../src/payloads/raw-tensor.js';
import type { PayloadSpec, TensorSpec } from '../../src/payloads/tensor-spec.js';

const method = loadGrpcMethod({ proto: 'v2', call: 'inference.GRPCInferenceService/ModelInfer' });
const type = method.requestMessage;

/** decode reads request bytes back with the .proto's ModelInferRequest (int64 as numbers, bytes as Buffers). */
function decode(bytes: Buffer): Record<string, unknown> {
  return type.toObject(type.decode(bytes), { longs: Number, bytes: Buffer });
}

function tensor(datatype: Datatype, data: TensorSpec['data']): PayloadSpec {
  return { inputs: [{ name: 'x', datatype, shape: [data.length], data }] };
}

describe('encodeModelInferRequest: typed contents', () => {
  it('matches the path and encodes iris (B=2) in fp32_contents', () => {
    assert.equal(V2_INFER_PATH, method.path);
    const bytes = encodeModelInferRequest(loadNamedPayload('iris', 2), { model: 'iris' });
    assert.deepEqual(decode(bytes), {
      model_name: 'iris',
      inputs: [{ name: 'predict', datatype: 'FP32', shape: [2, 4], contents: { fp32_contents: [0, 1, 2, 3, 4, 5, 6, 7] } }],
    });
  });

  it('encodes tfsimple in int_contents and echo BYTES in bytes_contents, with version and id', () => {
    const tf = decode(encodeModelInferRequest(loadNamedPayload('tfsimple'), { model: 'tfsimple', version: '1', id: 'req-1' }));
    assert.equal(tf.model_version, '1');
    assert.equal(tf.id, 'req-1');
    const seq = Array.from({ length: 16 }, (_, i) => i);
    assert.deepEqual(tf.inputs, [
      { name: 'INPUT0', datatype: 'INT32', shape: [1, 16], contents: { int_contents: seq } },
      { name: 'INPUT1', datatype: 'INT32', shape: [1, 16], contents: { int_contents: seq } },
    ]);
    const echo = decode(encodeModelInferRequest(loadNamedPayload('echo', 2), { model: 'echo' }));
    assert.deepEqual(echo.inputs, [{ name: 'input_1', datatype: 'BYTES', shape: [2], contents: { bytes_contents: [Buffer.from('hello'), Buffer.from('hello')] } }]);
  });

  it('uses the contents field of each datatype (spec 1.5 / 2.3)', () => {
    const table: Array<[Datatype, TensorSpec['data'], string, unknown[]]> = [
      ['BOOL', [true, false, true], 'bool_contents', [true, false, true]],
      ['UINT8', [0, 255], 'uint_contents', [0, 255]],
      ['UINT16', [65535], 'uint_contents', [65535]],
      ['UINT32', [4294967295], 'uint_contents', [4294967295]],
      ['UINT64', [2 ** 40], 'uint64_contents', [2 ** 40]],
      ['INT8', [-128, 127], 'int_contents', [-128, 127]],
      ['INT16', [-32768], 'int_contents', [-32768]],
      ['INT32', [-1, 2147483647], 'int_contents', [-1, 2147483647]],
      ['INT64', [-(2 ** 40), 5], 'int64_contents', [-(2 ** 40), 5]],
      ['FP32', [0.5, -1.25], 'fp32_contents', [0.5, -1.25]],
      ['FP64', [0.1, 1e300], 'fp64_contents', [0.1, 1e300]],
      ['BYTES', ['a', 'é'], 'bytes_contents', [Buffer.from('a'), Buffer.from('é')]],
    ];
    for (const [datatype, data, field, want] of table) {
      const got = decode(encodeModelInferRequest(tensor(datatype, data), { model: 'm' })) as { inputs: Array<{ contents: Record<string, unknown> }> };
      assert.deepEqual(got.inputs[0].contents, { [field]: want }, datatype);
    }
  });

  it('encodes request, input and output parameters as InferParameter values', () => {
    const spec: PayloadSpec = {
      inputs: [{ name: 'x', datatype: 'BYTES', shape: [1], data: ['a'], parameters: { content_type: 'str' } }],
      parameters: { content_type: 'pd', n: 3, f: 0.5, b: true },
      outputs: [{ name: 'y', parameters: { binary_data: false } }, { name: 'z' }],
    };
    const got = decode(encodeModelInferRequest(spec, { model: 'm' })) as Record<string, unknown> & { inputs: Array<Record<string, unknown>> };
    assert.deepEqual(got.parameters, { content_type: { string_param: 'pd' }, n: { int64_param: 3 }, f: { double_param: 0.5 }, b: { bool_param: true } });
    assert.deepEqual(got.inputs[0].parameters, { content_type: { string_param: 'str' } });
    assert.deepEqual(got.outputs, [{ name: 'y', parameters: { binary_data: { bool_param: false } } }, { name: 'z' }]);
  });
});

describe('encodeModelInferRequest: raw contents', () => {
  it('puts one little-endian entry per input in raw_input_contents and no contents', () => {
    const got = decode(encodeModelInferRequest(loadNamedPayload('iris'), { model: 'iris', contents: 'raw' })) as Record<string, unknown>;
    assert.deepEqual(got.inputs, [{ name: 'predict', datatype: 'FP32', shape: [1, 4] }]);
    const want = Buffer.alloc(16);
    [0, 1, 2, 3].forEach((v, i) => want.writeFloatLE(v, i * 4));
    assert.deepEqual(got.raw_input_contents, [want]);
  });

  it('writes BYTES raw as 4-byte little-endian lengths before each element', () => {
    const got = decode(encodeModelInferRequest(tensor('BYTES', ['ab', '', 'é']), { model: 'm', contents: 'raw' })) as { raw_input_contents: Buffer[] };
    assert.deepEqual([...got.raw_input_contents[0]], [2, 0, 0, 0, 0x61, 0x62, 0, 0, 0, 0, 2, 0, 0, 0, 0xc3, 0xa9]);
  });

  it('sends a payload with FP16 or BF16 inputs raw, for every input', () => {
    const spec: PayloadSpec = {
      inputs: [
        { name: 'h', datatype: 'FP16', shape: [4], data: [1, -2, 65504, 0.1] },
        { name: 'b', datatype: 'BF16', shape: [1], data: [1] },
        { name: 'i', datatype: 'INT32', shape: [1], data: [7] },
      ],
    };
    const got = decode(encodeModelInferRequest(spec, { model: 'm' })) as { inputs: Array<Record<string, unknown>>; raw_input_contents: Buffer[] };
    assert.ok(got.inputs.every((t) => t.contents === undefined));
    assert.deepEqual([0, 1, 2, 3].map((i) => got.raw_input_contents[0].readUInt16LE(i * 2)), [0x3c00, 0xc000, 0x7bff, 0x2e66]);
    assert.equal(got.raw_input_contents[1].readUInt16LE(0), 0x3f80);
    assert.equal(got.raw_input_contents[2].readInt32LE(0), 7);
  });
});

describe('raw tensors', () => {
  it('round-trips every datatype', () => {
    const table: Array<[Datatype, TensorSpec['data']]> = [
      ['BOOL', [true, false]],
      ['UINT8', [0, 200]],
      ['UINT16', [65535]],
      ['UINT32', [4294967295]],
      ['UINT64', [2 ** 53 - 1]],
      ['INT8', [-5]],
      ['INT16', [-300]],
      ['INT32', [-70000]],
      ['INT64', [-(2 ** 53) + 1]],
      ['FP16', [1.5, -0.25, 65504]],
      ['BF16', [1, -2, 0.5]],
      ['FP32', [0.5, -3.25]],
      ['FP64', [0.1, -1e-300]],
      ['BYTES', ['x', '', 'long string']],
    ];
    for (const [datatype, data] of table) assert.deepEqual(decodeRawContents(datatype, encodeRawTensor(datatype, data), data.length), data, datatype);
  });

  it('rejects wrong sizes and truncated BYTES', () => {
    assert.throws(() => decodeRawContents('FP32', Buffer.alloc(6), 2), RawTensorError);
    assert.throws(() => decodeRawContents('BYTES', Buffer.from([5, 0, 0, 0, 1]), 1), /ends inside an element/);
    assert.throws(() => decodeRawContents('BYTES', encodeRawTensor('BYTES', ['a', 'b']), 3), /has 2 elements but the shape needs 3/);
  });

  it('converts half floats with round-to-nearest-even, subnormals, infinities and NaN', () => {
    assert.equal(floatToHalf(1 + 2 ** -11), 0x3c00); // tie: rounds to even
    assert.equal(floatToHalf(1 + 3 * 2 ** -11), 0x3c02); // tie: rounds up to even
    assert.equal(floatToHalf(2 ** -24), 0x0001);
    assert.equal(floatToHalf(65520), 0x7c00);
    assert.equal(floatToHalf(-Infinity), 0xfc00);
    assert.ok(Number.isNaN(halfToFloat(floatToHalf(NaN))));
    assert.equal(halfToFloat(0x0001), 2 ** -24);
    assert.equal(floatToBfloat16(1 + 2 ** -8), 0x3f80);
    assert.equal(bfloat16ToFloat(0xc000), -2);
  });
});
