/**
 * The reference server's `seldon.protos.Seldon` (spec: inference-protocols.md 5.2): Predict takes a
 * SeldonMessage with `data.tensor` or `data.ndarray`, for the model named by the `seldon`
 * metadata (the deployment an ingress routes on; default: the REST server's default Seldon model,
 * iris), checks it as the REST API does (seldon-api.ts), computes, and answers a SeldonMessage
 * with the first output (a tensor, or an ndarray for BYTES and BOOL outputs).
 */
import type { Metadata, UntypedServiceImplementation } from '@grpc/grpc-js';
import type { Root } from 'protobufjs';
import { encodeMessage } from '../../grpc/grpc-method.js';
import { nestValues } from '../../payloads/nested-json.js';
import { BadInferRequest } from '../infer-request.js';
import { decodeSeldonRequest } from '../seldon-api.js';
import { predictHandler, type PredictContext } from './predict-call.js';

/** SELDON_SERVICE_NAME is the fully qualified Seldon v1 prediction service name. */
export const SELDON_SERVICE_NAME = 'seldon.protos.Seldon';

const TO_OBJECT = { longs: Number, enums: String, arrays: true } as const;

interface ValueObject {
  number_value?: number;
  string_value?: string;
  bool_value?: boolean;
  list_value?: { values?: ValueObject[] };
}

interface SeldonMessageObject {
  data?: { names?: string[]; tensor?: { shape?: number[]; values?: number[] }; ndarray?: { values?: ValueObject[] } };
}

/** seldonGrpcImplementation builds the Predict handler; defaultModel answers calls without `seldon` metadata. */
export function seldonGrpcImplementation(ctx: PredictContext & { readonly root: Root; readonly defaultModel: string }): UntypedServiceImplementation {
  const type = ctx.root.lookupType('seldon.protos.SeldonMessage');
  return {
    Predict: predictHandler<SeldonMessageObject>(ctx, {
      protocol: 'seldon-grpc',
      path: `/${SELDON_SERVICE_NAME}/Predict`,
      parse: (bytes) => type.toObject(type.decode(bytes), TO_OBJECT) as SeldonMessageObject,
      target: (_r, metadata: Metadata) => {
        const named = metadata.get('seldon')[0];
        return { model: named === undefined || named === '' ? ctx.defaultModel : String(named), version: '' };
      },
      decode: (r, model) => {
        const d = r.data;
        if (d === undefined) throw new BadInferRequest('the SeldonMessage has no "data"');
        // The REST decoder does the checking; the message is given to it in its JSON form.
        const data: Record<string, unknown> = {};
        if (d.names !== undefined && d.names.length > 0) data.names = d.names;
        if (d.tensor !== undefined) data.tensor = { shape: d.tensor.shape ?? [], values: d.tensor.values ?? [] };
        else if (d.ndarray !== undefined) data.ndarray = listJson(d.ndarray.values ?? []);
        return decodeSeldonRequest(Buffer.from(JSON.stringify({ data })), model).request;
      },
      answer: (_r, _model, _version, outputs) => {
        const o = outputs[0];
        const numeric = o.datatype !== 'BYTES' && o.datatype !== 'BOOL';
        const data = numeric
          ? { names: [], tensor: { shape: o.shape, values: o.data } }
          : { names: [], ndarray: listValue(nestValues<unknown>(o.data, o.shape) as unknown[]) };
        return encodeMessage(type, type.fromObject({ data, meta: {} }) as unknown as Record<string, unknown>);
      },
    }),
  };
}

/** listJson turns a decoded google.protobuf.ListValue's values into plain JSON. */
function listJson(values: readonly ValueObject[]): unknown[] {
  return values.map((v) => {
    if (v.list_value !== undefined) return listJson(v.list_value.values ?? []);
    if (v.number_value !== undefined) return v.number_value;
    if (v.string_value !== undefined) return v.string_value;
    if (v.bool_value !== undefined) return v.bool_value;
    return null;
  });
}

/** listValue is plain JSON (numbers, strings, booleans, arrays) as a google.protobuf.ListValue object. */
function listValue(values: readonly unknown[]): { values: ValueObject[] } {
  return {
    values: values.map((v): ValueObject => {
      if (Array.isArray(v)) return { list_value: listValue(v) };
      if (typeof v === 'number') return { number_value: v };
      if (typeof v === 'boolean') return { bool_value: v };
      return { string_value: String(v) };
    }),
  };
}
