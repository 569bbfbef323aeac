/** DEMO_FLAGS are `loadgen demo`'s flags: the load flags, the embedded server's model and latency. */
import { SERVER_METRICS_FLAGS } from './server-metrics-flags.js';
import type { FlagTable, FlagsOf } from './flag-schema.js';
import { LOAD_FLAGS } from './load-flags.js';
import { RUN_OUTPUT_FLAGS } from './run-output-flags.js';

export const DEMO_FLAGS = {
  ...LOAD_FLAGS,
  model: { type: 'string', describe: 'model to load: iris (default) or tfsimple' },
  latency: { type: 'string', describe: 'server latency: 2ms, uniform:1ms-5ms, normal:10ms,2ms, exp:5ms (default 1ms)' },
  ...SERVER_METRICS_FLAGS,
  ...RUN_OUTPUT_FLAGS,
} as const satisfies FlagTable;

export type DemoFlags = FlagsOf<typeof DEMO_FLAGS>;
