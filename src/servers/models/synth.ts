/**
 * The `synth` reference model, standing in for Seldon's reference workload model (spec:
 * model-zoo.md 3): input `input_1` BYTES [B]; it returns its input as output `input_1`. Its
 * configured latency (normal, 100 ms) is the reference server's `latency` option, not the model's.
 */
import { ECHO_MODEL } from './echo.js';
import type { ReferenceModel } from './reference-model.js';

/** SYNTH_MODEL returns its input: the echo model under Seldon's name. */
export const SYNTH_MODEL: ReferenceModel = { ...ECHO_MODEL, name: 'synth' };
