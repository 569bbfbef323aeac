/**
 * The `iris` reference model: a fixed linear classifier with a softmax over the three iris
 * classes (setosa, versicolor, virginica). The weights are close to a multinomial logistic
 * regression fitted on the iris data set, so realistic inputs get plausible answers.
 *
 * Input `predict` FP32 [B,4] (sepal length, sepal width, petal length, petal width, in cm).
 * Outputs `predict` INT64 [B] (the most likely class index, as sklearn's predict) and
 * `predict_proba` FP32 [B,3] (the class probabilities, summing to 1 per sample).
 */
import type { TensorSpec } from '../../payloads/tensor-spec.js';
import type { ReferenceModel } from './reference-model.js';

/** IRIS_WEIGHTS are the per-class feature weights (3 classes x 4 features, row-major). */
export const IRIS_WEIGHTS: readonly number[] = [
  -0.4233, 0.9672, -2.5169, -1.0794, //
  0.5347, -0.3216, -0.2066, -0.9443,
  -0.1114, -0.6456, 2.7235, 2.0237,
];

/** IRIS_BIASES are the per-class intercepts. */
export const IRIS_BIASES: readonly number[] = [9.849, 2.2378, -12.0868];

const CLASSES = 3;
const FEATURES = 4;

/** IRIS_MODEL is the iris classifier served by the reference server. */
export const IRIS_MODEL: ReferenceModel = {
  name: 'iris',
  platform: 'sklearn',
  versions: ['1'],
  inputs: [{ name: 'predict', datatype: 'FP32', shape: [-1, FEATURES] }],
  outputs: [
    { name: 'predict', datatype: 'INT64', shape: [-1] },
    { name: 'predict_proba', datatype: 'FP32', shape: [-1, CLASSES] },
  ],
  infer(inputs: readonly TensorSpec[], batchSize: number): TensorSpec[] {
    const x = inputs[0].data as number[];
    const labels = new Array<number>(batchSize);
    const proba = new Array<number>(batchSize * CLASSES);
    for (let b = 0; b < batchSize; b++) irisSample(x, b, labels, proba);
    return [
      { name: 'predict', datatype: 'INT64', shape: [batchSize], data: labels },
      { name: 'predict_proba', datatype: 'FP32', shape: [batchSize, CLASSES], data: proba },
    ];
  },
};

/** irisSample classifies sample b of x into labels[b] and proba[3b..3b+2]. */
function irisSample(x: number[], b: number, labels: number[], proba: number[]): void {
  const base = b * FEATURES;
  let maxLogit = -Infinity;
  let best = 0;
  for (let c = 0; c < CLASSES; c++) {
    let z = IRIS_BIASES[c];
    for (let f = 0; f < FEATURES; f++) z += IRIS_WEIGHTS[c * FEATURES + f] * x[base + f];
    proba[b * CLASSES + c] = z;
    if (z > maxLogit) {
      maxLogit = z;
      best = c;
    }
  }
  // Softmax shifted by the largest logit, so exp never overflows.
  let sum = 0;
  for (let c = 0; c < CLASSES; c++) {
    const e = Math.exp(proba[b * CLASSES + c] - maxLogit);
    proba[b * CLASSES + c] = e;
    sum += e;
  }
  for (let c = 0; c < CLASSES; c++) proba[b * CLASSES + c] /= sum;
  labels[b] = best;
}
