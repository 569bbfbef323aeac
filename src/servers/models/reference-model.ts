/**
 * ReferenceModel is one model the reference server really computes: its OIP metadata and a cheap
 * inference function over already-validated inputs.
 */
import type { Datatype } from '../../payloads/datatype.js';
import type { TensorSpec } from '../../payloads/tensor-spec.js';

/** TensorMetadata describes a model input or output; -1 in shape is a variable dimension. */
export interface TensorMetadata {
  readonly name: string;
  readonly datatype: Datatype;
  readonly shape: readonly number[];
}

/** ReferenceModel is a model served by the reference server. */
export interface ReferenceModel {
  readonly name: string;
  /** platform is the OIP platform name reported in metadata, e.g. `onnx_onnxv1`. */
  readonly platform: string;
  /** versions are the versions served; the first is the default. */
  readonly versions: readonly string[];
  /** inputs are required, each exactly once; a -1 first dimension is the shared batch size. */
  readonly inputs: readonly TensorMetadata[];
  readonly outputs: readonly TensorMetadata[];
  /**
   * infer computes every output, in `outputs` order, from inputs given in `inputs` order whose
   * datatype, shape and flat data have been checked against the metadata. batchSize is shape[0]
   * (1 for models without a batch dimension).
   */
  infer(inputs: readonly TensorSpec[], batchSize: number): TensorSpec[];
}
