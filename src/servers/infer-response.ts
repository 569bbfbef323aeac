/**
 * encodeInferResponse builds an OIP inference response body (spec: inference-protocols.md 1.3),
 * with the outputs named in binaryOutputs as binary tensor data after the JSON (3.1).
 */
import { encodeRawTensorInto, rawTensorByteLength } from '../payloads/raw-tensor.js';
import type { TensorSpec } from '../payloads/tensor-spec.js';

/** EncodedResponse is a response body and, when it has binary outputs, its JSON part's length. */
export interface EncodedResponse {
  readonly body: Buffer;
  /** jsonLength is the `Inference-Header-Content-Length`, or -1 for a plain JSON body. */
  readonly jsonLength: number;
}

/**
 * encodeInferResponse encodes `{model_name, model_version, id, outputs}`, keeping the requested
 * outputs only (all when requested is undefined); outputs in binaryOutputs carry
 * `parameters.binary_data_size` instead of `data`, their bytes follow the JSON in output order.
 */
export function encodeInferResponse(
  modelName: string,
  version: string,
  id: string | undefined,
  outputs: readonly TensorSpec[],
  requested: readonly string[] | undefined,
  binaryOutputs: readonly string[],
): EncodedResponse {
  const selected = requested === undefined ? outputs : outputs.filter((o) => requested.includes(o.name));
  if (binaryOutputs.length === 0) {
    return { body: Buffer.from(JSON.stringify({ model_name: modelName, model_version: version, id, outputs: selected })), jsonLength: -1 };
  }
  const binary: TensorSpec[] = [];
  const json = selected.map((o) => {
    if (!binaryOutputs.includes(o.name)) return o;
    binary.push(o);
    return { name: o.name, datatype: o.datatype, shape: o.shape, parameters: { ...o.parameters, binary_data_size: rawTensorByteLength(o.datatype, o.data) } };
  });
  const header = JSON.stringify({ model_name: modelName, model_version: version, id, outputs: json });
  const jsonLength = Buffer.byteLength(header);
  let total = jsonLength;
  for (const o of binary) total += rawTensorByteLength(o.datatype, o.data);
  const body = Buffer.allocUnsafe(total);
  body.write(header, 0, 'utf8');
  let offset = jsonLength;
  for (const o of binary) offset = encodeRawTensorInto(o.datatype, o.data, body, offset);
  return { body, jsonLength };
}
