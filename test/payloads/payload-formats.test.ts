import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { UsageError } from '../../src/core/errors.js';
import { loadPayloadFile } from '../../src/payloads/payload-library.js';
import { sniffPayloadFormat, type PayloadFormat } from '../../src/payloads/payload-formats.js';
import type { PayloadSpec } from '../../src/payloads/tensor-spec.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-payload-formats-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function file(body: unknown): string {
  const path = join(dir, `p${n++}.json`);
  writeFileSync(path, typeof body === 'string' ? body : JSON.stringify(body));
  return path;
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/** cases: [what, body, expected format, expected PayloadSpec]. */
const good: Array<[string, unknown, PayloadFormat, PayloadSpec]> = [
  [
    'V2 JSON',
    { inputs: [{ name: 'x', shape: [2, 2], datatype: 'FP32', data: [[1, 2], [3, 4]] }] },
    'v2-json',
    { inputs: [{ name: 'x', datatype: 'FP32', shape: [2, 2], data: [1, 2, 3, 4] }] },
  ],
  [
    'protojson, snake_case keys, every contents field',
    {
      model_name: 'm',
      parameters: { content_type: { string_param: 'np' }, n: { int64_param: '3' }, flag: { bool_param: true } },
      inputs: [
        { name: 'f', datatype: 'FP32', shape: [2], contents: { fp32_contents: [1.5, 2] } },
        { name: 'd', datatype: 'FP64', shape: [1], contents: { fp64_contents: [0.25] } },
        { name: 'i', datatype: 'INT8', shape: [2], contents: { int_contents: [-1, 2] } },
        { name: 'l', datatype: 'INT64', shape: ['2'], contents: { int64_contents: ['9007199254740991', 5] } },
        { name: 'u', datatype: 'UINT16', shape: [1], contents: { uint_contents: [7] } },
        { name: 'ul', datatype: 'UINT64', shape: [1], contents: { uint64_contents: ['8'] } },
        { name: 'b', datatype: 'BOOL', shape: [1], contents: { bool_contents: [true] } },
        { name: 's', datatype: 'BYTES', shape: [2], contents: { bytes_contents: [b64('hi'), b64('')] }, parameters: { content_type: { string_param: 'str' } } },
      ],
      outputs: [{ name: 'o', parameters: { binary_data: { bool_param: false } } }],
    },
    'v2-protojson',
    {
      inputs: [
        { name: 'f', datatype: 'FP32', shape: [2], data: [1.5, 2] },
        { name: 'd', datatype: 'FP64', shape: [1], data: [0.25] },
        { name: 'i', datatype: 'INT8', shape: [2], data: [-1, 2] },
        { name: 'l', datatype: 'INT64', shape: [2], data: [9007199254740991, 5] },
        { name: 'u', datatype: 'UINT16', shape: [1], data: [7] },
        { name: 'ul', datatype: 'UINT64', shape: [1], data: [8] },
        { name: 'b', datatype: 'BOOL', shape: [1], data: [true] },
        { name: 's', datatype: 'BYTES', shape: [2], data: ['hi', ''], parameters: { content_type: 'str' } },
      ],
      parameters: { content_type: 'np', n: 3, flag: true },
      outputs: [{ name: 'o', parameters: { binary_data: false } }],
    },
  ],
  [
    'protojson, lowerCamel keys',
    { modelName: 'm', inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 2], contents: { fp32Contents: [1, 2] } }] },
    'v2-protojson',
    { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 2], data: [1, 2] }] },
  ],
  [
    'TF Serving row format, unnamed',
    { signature_name: 'serving_default', instances: [[1, 2], [3, 4], [5, 6]] },
    'tfserving',
    { inputs: [{ name: 'input', datatype: 'INT32', shape: [3, 2], data: [1, 2, 3, 4, 5, 6] }] },
  ],
  [
    'TF Serving row format, named inputs',
    { instances: [{ a: [1.5, 2], t: 'x', b: true }, { a: [3, 4], t: { b64: b64('yz') }, b: false }] },
    'tfserving',
    {
      inputs: [
        { name: 'a', datatype: 'FP32', shape: [2, 2], data: [1.5, 2, 3, 4] },
        { name: 't', datatype: 'BYTES', shape: [2], data: ['x', 'yz'] },
        { name: 'b', datatype: 'BOOL', shape: [2], data: [true, false] },
      ],
    },
  ],
  [
    'TF Serving columnar, named',
    { inputs: { big: [[1, 4294967296]], img: [{ b64: b64('png') }] } },
    'tfserving',
    {
      inputs: [
        { name: 'big', datatype: 'INT64', shape: [1, 2], data: [1, 4294967296] },
        { name: 'img', datatype: 'BYTES', shape: [1], data: ['png'] },
      ],
    },
  ],
  [
    'TF Serving columnar, unnamed list',
    { inputs: [[0.5, 1], [2, 3]] },
    'tfserving',
    { inputs: [{ name: 'input', datatype: 'FP32', shape: [2, 2], data: [0.5, 1, 2, 3] }] },
  ],
  [
    'TF Serving columnar, unnamed scalar',
    { inputs: 7 },
    'tfserving',
    { inputs: [{ name: 'input', datatype: 'INT32', shape: [], data: [7] }] },
  ],
  [
    'SeldonMessage tensor',
    { data: { names: ['a', 'b'], tensor: { shape: [2, 2], values: [0, 0, 1, 1] } } },
    'seldon',
    { inputs: [{ name: 'input', datatype: 'FP32', shape: [2, 2], data: [0, 0, 1, 1] }] },
  ],
  [
    'SeldonMessage ndarray',
    { meta: {}, data: { ndarray: [[1, 2, 3], [4, 5, 6]] } },
    'seldon',
    { inputs: [{ name: 'input', datatype: 'FP32', shape: [2, 3], data: [1, 2, 3, 4, 5, 6] }] },
  ],
];

describe('payload file formats', () => {
  for (const [what, body, format, spec] of good) {
    it(`sniffs and converts ${what}`, () => {
      assert.equal(sniffPayloadFormat(body), format);
      assert.deepEqual(loadPayloadFile(file(body)), spec);
    });
  }

  it('sniffs nothing for unknown objects and non-objects', () => {
    for (const body of [{}, { requests: [] }, [], 'x', null, 3]) assert.equal(sniffPayloadFormat(body), undefined);
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['an unknown format', { requests: [1] }, /expected a V2 inference request object with an "inputs" array/],
    ['V2 JSON with too few values', { inputs: [{ name: 'a', shape: [2, 2], datatype: 'FP32', data: [1, 2, 3] }] }, /input "a": data has 3 elements but shape \[2,2\] needs 4/],
    ['protojson raw_input_contents', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1] }], raw_input_contents: ['AAAAAA=='] }, /"raw_input_contents" is not supported/],
    ['protojson contents field not matching datatype', { inputs: [{ name: 'x', datatype: 'INT64', shape: [1], contents: { fp32_contents: [1] } }] }, /input "x": datatype INT64 needs "int64_contents", got "fp32_contents"/],
    ['protojson two contents fields', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1], contents: { fp32_contents: [1], int_contents: [1] } }] }, /input "x": "contents" sets more than one field/],
    ['protojson FP16', { inputs: [{ name: 'x', datatype: 'FP16', shape: [1], contents: {} }] }, /input "x": datatype FP16 can only be sent as raw contents/],
    ['protojson unknown contents field', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1], contents: { float_val: [1] } }] }, /unknown contents field "float_val"/],
    ['protojson shape/contents mismatch', { model_name: 'm', inputs: [{ name: 'x', datatype: 'FP32', shape: [3], contents: { fp32_contents: [1] } }] }, /input "x": data has 1 elements but shape \[3\] needs 3/],
    ['protojson missing contents', { model_name: 'm', inputs: [{ name: 'x', datatype: 'FP32', shape: [1] }] }, /input "x": "contents" is missing/],
    ['protojson int64 string beyond 2^53', { inputs: [{ name: 'x', datatype: 'INT64', shape: [1], contents: { int64_contents: ['9223372036854775807'] } }] }, /beyond 2\^53/],
    ['protojson bad InferParameter', { model_name: 'm', parameters: { a: { float_param: 1 } }, inputs: [{ name: 'x', datatype: 'FP32', shape: [1], contents: { fp32_contents: [1] } }] }, /request parameters: "a": unknown InferParameter field "float_param"/],
    ['TF Serving ragged instances', { instances: [[1, 2], [3]] }, /input "input": ragged nesting/],
    ['TF Serving ragged columnar input', { inputs: { a: [[1], [2, 3]] } }, /input "a": ragged nesting/],
    ['TF Serving mixed leaf types', { instances: [[1, 'a']] }, /input "input": mixes number and string values/],
    ['TF Serving instances and inputs', { instances: [1], inputs: [1] }, /not both/],
    ['TF Serving instances missing an input', { instances: [{ a: 1, b: 2 }, { a: 3 }] }, /instances\[1\] lacks input "b"/],
    ['TF Serving empty instances', { instances: [] }, /"instances" must be a non-empty array/],
    ['TF Serving null leaf', { inputs: { a: [null] } }, /input "a": value null is not a number/],
    ['Seldon strData', { strData: 'hello' }, /SeldonMessage "strData" is not supported/],
    ['Seldon binData', { binData: 'AAAA' }, /SeldonMessage "binData" is not supported/],
    ['Seldon jsonData', { jsonData: { a: 1 } }, /SeldonMessage "jsonData" is not supported/],
    ['Seldon tensor shape/values mismatch', { data: { tensor: { shape: [2, 2], values: [1, 2, 3] } } }, /input "input": data has 3 elements but shape \[2,2\] needs 4/],
    ['Seldon ragged ndarray', { data: { ndarray: [[1, 2], [3]] } }, /input "input": ragged nesting/],
    ['Seldon strings in ndarray', { data: { ndarray: [['a']] } }, /input "input": data\[0\]: "a" is not a number \(datatype FP32\)/],
    ['Seldon without tensor or ndarray', { data: { names: ['a'] } }, /needs exactly one of "tensor" and "ndarray"/],
  ];
  for (const [what, body, error] of bad) {
    it(`rejects ${what} with a one-line UsageError naming the file`, () => {
      const path = file(body);
      assert.throws(
        () => loadPayloadFile(path),
        (err: unknown) => err instanceof UsageError && err.message.startsWith(`payload file "${path}": `) && error.test(err.message) && !err.message.includes('\n'),
      );
    });
  }
});
