/**
 * The model-zoo types (spec: model-zoo.md 2, 3) that the reference server accepts by shape only
 * (zeroOutputModel): it checks input names, datatypes and shapes exactly as the payloads define
 * them, and answers zeros of plausible output shapes. The output names are those the payload
 * templates expect where known.
 */
import type { ReferenceModel } from './reference-model.js';
import { zeroOutputModel } from './zero-output-model.js';

/** SENTIMENT_MODEL: `args` BYTES [B] -> `output` BYTES [B] (MLServer Hugging Face). */
export const SENTIMENT_MODEL: ReferenceModel = zeroOutputModel({
  name: 'sentiment',
  platform: 'mlserver',
  inputs: [{ name: 'args', datatype: 'BYTES', shape: [-1] }],
  outputs: [{ name: 'output', datatype: 'BYTES', shape: [-1] }],
});

/** PYTORCH_CIFAR10_MODEL: `input__0` FP32 [B,3,32,32] -> `output__0` FP32 [B,10]. */
export const PYTORCH_CIFAR10_MODEL: ReferenceModel = zeroOutputModel({
  name: 'pytorch_cifar10',
  platform: 'pytorch_libtorch',
  inputs: [{ name: 'input__0', datatype: 'FP32', shape: [-1, 3, 32, 32] }],
  outputs: [{ name: 'output__0', datatype: 'FP32', shape: [-1, 10] }],
});

/** TFMNIST_MODEL: `conv2d_input` FP32 [B,28,28,1] -> `dense_1` FP32 [B,10]. */
export const TFMNIST_MODEL: ReferenceModel = zeroOutputModel({
  name: 'tfmnist',
  platform: 'tensorflow_savedmodel',
  inputs: [{ name: 'conv2d_input', datatype: 'FP32', shape: [-1, 28, 28, 1] }],
  outputs: [{ name: 'dense_1', datatype: 'FP32', shape: [-1, 10] }],
});

/** TFRESNET152_MODEL: `input_1` FP32 [B,224,224,3] -> `predictions` FP32 [B,1000]. */
export const TFRESNET152_MODEL: ReferenceModel = zeroOutputModel({
  name: 'tfresnet152',
  platform: 'tensorflow_savedmodel',
  inputs: [{ name: 'input_1', datatype: 'FP32', shape: [-1, 224, 224, 3] }],
  outputs: [{ name: 'predictions', datatype: 'FP32', shape: [-1, 1000] }],
});

/** ONNX_GPT2_MODEL: `input_ids`, `attention_mask` INT32 [B,T] -> `logits` FP32 [B,T,50257]. */
export const ONNX_GPT2_MODEL: ReferenceModel = zeroOutputModel({
  name: 'onnx_gpt2',
  platform: 'onnxruntime_onnx',
  inputs: [
    { name: 'input_ids', datatype: 'INT32', shape: [-1, -1] },
    { name: 'attention_mask', datatype: 'INT32', shape: [-1, -1] },
  ],
  outputs: [{ name: 'logits', datatype: 'FP32', shape: [-1, -1, 50257] }],
});

/** WINE_COLUMNS are mlflow_wine's inputs, the wine-quality data set's column names. */
export const WINE_COLUMNS: readonly string[] = [
  'fixed acidity',
  'volatile acidity',
  'citric acid',
  'residual sugar',
  'chlorides',
  'free sulfur dioxide',
  'total sulfur dioxide',
  'density',
  'pH',
  'sulphates',
  'alcohol',
];

/** MLFLOW_WINE_MODEL: the 11 wine columns FP32 [B] each -> `output_1` FP64 [B,1] (MLServer MLflow). */
export const MLFLOW_WINE_MODEL: ReferenceModel = zeroOutputModel({
  name: 'mlflow_wine',
  platform: 'mlserver',
  inputs: WINE_COLUMNS.map((name) => ({ name, datatype: 'FP32', shape: [-1] })),
  outputs: [{ name: 'output_1', datatype: 'FP64', shape: [-1, 1] }],
});

/** SHAPE_ONLY_ZOO_MODELS are the zoo types served by shape. */
export const SHAPE_ONLY_ZOO_MODELS: readonly ReferenceModel[] = [
  SENTIMENT_MODEL,
  PYTORCH_CIFAR10_MODEL,
  TFMNIST_MODEL,
  TFRESNET152_MODEL,
  ONNX_GPT2_MODEL,
  MLFLOW_WINE_MODEL,
];
