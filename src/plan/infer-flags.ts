/**
 * INFER_FLAGS are `loadgen infer`'s flags: the load flags, the model and payload, the serving
 * protocol and transport, Seldon Core 2 routing, readiness and warm-up.
 */
import { SERVER_METRICS_FLAGS } from './server-metrics-flags.js';
import type { FlagTable, FlagsOf } from './flag-schema.js';
import { LOAD_FLAGS } from './load-flags.js';
import { RUN_OUTPUT_FLAGS } from './run-output-flags.js';
import { RANGE_FLAGS } from './range-flags.js';

export const INFER_FLAGS = {
  ...LOAD_FLAGS,
  url: { type: 'string', demandOption: true, group: 'Inference:', describe: 'server base URL, e.g. http://127.0.0.1:8000' },
  model: { type: 'string', group: 'Inference:', describe: 'model name' },
  'model-type': { type: 'string', group: 'Inference:', describe: 'model-zoo type whose payload to send (tfsimple, iris, sentiment, tfresnet152, ...); --model defaults to it' },
  models: { type: 'string', group: 'Inference:', describe: 'several models: TYPE:COUNT,... e.g. iris:10,tfsimple:5 (iris0..iris9, tfsimple0..tfsimple4)' },
  'model-version': { type: 'string', group: 'Inference:', describe: 'model version (adds /versions/V to the path)' },
  proto: { type: 'string', group: 'Inference:', describe: 'serving protocol: v2 (Open Inference Protocol, default), tfserving, seldon' },
  payload: { type: 'string', group: 'Inference:', describe: 'request: a payloads/ name (iris, tfsimple, ...) or a V2 JSON file (default: named after --model)' },
  input: { type: 'string', repeatable: true, group: 'Inference:', describe: 'synthetic input NAME:DATATYPE:SHAPE[:FILL] (repeatable), e.g. input_1:FP32:B,224,224,3:random' },
  'binary-data': { type: 'boolean', group: 'Inference:', describe: 'v2: send tensors with the binary tensor extension' },
  'binary-output': { type: 'boolean', group: 'Inference:', describe: 'v2: ask for binary outputs' },
  format: { type: 'string', group: 'Inference:', describe: 'tfserving: row (instances, default) or columnar (inputs); seldon: ndarray (default) or tensor' },
  signature: { type: 'string', group: 'Inference:', describe: 'tfserving: signature_name' },
  'seldon-model': { type: 'string', group: 'Seldon Core 2:', describe: "route through the mesh: seldon-model header/metadata NAME, or auto (each request's model)" },
  pipeline: { type: 'boolean', group: 'Seldon Core 2:', describe: 'route to the pipeline: seldon-model NAME.pipeline' },
  'seldon-internal': { type: 'boolean', group: 'Seldon Core 2:', describe: 'bypass Envoy: versioned name NAME_1 everywhere and the seldon-internal-model header' },
  'request-id-prefix': { type: 'string', group: 'Seldon Core 2:', describe: 'send x-request-id: PREFIX_<15 random alphanumerics> with every request' },
  'wait-ready': { type: 'string', group: 'Inference:', describe: 'before load, wait up to this long for server and model readiness (exit 3 if not ready)' },
  warmup: { type: 'number', group: 'Inference:', describe: 'send N checked requests per model before the run, kept out of every statistic' },
  'warmup-duration': { type: 'string', group: 'Inference:', describe: 'warm each model up for this long (with --warmup N: at least N requests)' },
  check: { type: 'boolean', group: 'Inference:', describe: 'count a response as a success only if it is a well-formed inference response with the expected outputs (default true; --no-check)' },
  'batch-size': { type: 'number', group: 'Inference:', describe: 'batch size for named payloads (default 1)' },
  transport: { type: 'string', group: 'Inference:', describe: 'http (default) or grpc (v2: ModelInfer; tfserving: PredictionService/Predict; seldon: Seldon/Predict)' },
  mix: { type: 'string', group: 'Inference:', describe: 'send over both transports, e.g. http:1,grpc:1 (gRPC to --grpc-url, default --url)' },
  'grpc-url': { type: 'string', group: 'Inference:', describe: 'with --mix: the gRPC server, e.g. 127.0.0.1:9000 (default: --url)' },
  'grpc-client': { type: 'string', group: 'Inference:', describe: 'gRPC client: h2 (default) or grpc-js' },
  'raw-contents': { type: 'boolean', group: 'Inference:', describe: 'gRPC v2: send tensors as raw_input_contents instead of typed contents' },
  ...SERVER_METRICS_FLAGS,
  ...RANGE_FLAGS,
  ...RUN_OUTPUT_FLAGS,
} as const satisfies FlagTable;

export type InferFlags = FlagsOf<typeof INFER_FLAGS>;

/** InferenceFlags are the flags that shape the inference requests (infer, and lifecycle's). */
export type InferenceFlags = Pick<
  InferFlags,
  | 'url'
  | 'model'
  | 'models'
  | 'modelVersion'
  | 'payload'
  | 'modelType'
  | 'input'
  | 'batchSize'
  | 'binaryData'
  | 'binaryOutput'
  | 'check'
  | 'format'
  | 'signature'
  | 'seldonModel'
  | 'pipeline'
  | 'seldonInternal'
  | 'requestIdPrefix'
>;
