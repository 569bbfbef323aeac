/**
 * The .proto files shipped in the package's `protos/` folder: the Open Inference Protocol (V2)
 * service, TF Serving's and Seldon Core v1's prediction services, and loadgen's echo service.
 * `--proto v2`, `--proto tfserving`, `--proto seldon` and `--proto echo` name them. Imports
 * between shipped files (e.g. `tensorflow/core/framework/tensor.proto`) resolve from `protos/`.
 */
import { join } from 'node:path';
import { packagePath } from '../core/package-root.js';

/** PROTOS_DIR_NAME is the folder at the package root, next to package.json. */
const PROTOS_DIR_NAME = 'protos';

/**
 * BUNDLED_PROTOS maps the short names accepted by `--proto` to files under `protos/`: `v2` is
 * `inference.GRPCInferenceService`, `tfserving` is `tensorflow.serving.PredictionService`, `seldon`
 * is `seldon.protos.Seldon`, `echo` is `loadgen.echo.Echo`.
 */
export const BUNDLED_PROTOS = {
  v2: 'inference/grpc_service.proto',
  tfserving: 'tensorflow_serving/predict.proto',
  seldon: 'seldon/prediction.proto',
  echo: 'loadgen/echo.proto',
} as const;

/** BundledProtoName is a short name of a shipped .proto file. */
export type BundledProtoName = keyof typeof BUNDLED_PROTOS;

/** protosDir is the package's protos/ folder. */
export function protosDir(): string {
  return packagePath(PROTOS_DIR_NAME);
}

/** isBundledProtoName tells whether text is a short name of a shipped .proto (`v2`, `tfserving`, `seldon`, `echo`). */
export function isBundledProtoName(text: string): text is BundledProtoName {
  return Object.hasOwn(BUNDLED_PROTOS, text);
}

/** bundledProtoPath is the absolute path of a shipped .proto file, e.g. for `v2`. */
export function bundledProtoPath(name: BundledProtoName): string {
  return join(protosDir(), BUNDLED_PROTOS[name]);
}
