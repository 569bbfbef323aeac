/** LIFECYCLE_FLAGS are `loadgen lifecycle`'s flags (defaults in lifecycle-plan.ts). */
import type { FlagTable, FlagsOf } from './flag-schema.js';
import { DRY_RUN_FLAGS } from './output-flags.js';

export const LIFECYCLE_FLAGS = {
  url: { type: 'string', demandOption: true, group: 'Lifecycle:', describe: 'server base URL, e.g. http://127.0.0.1:8000' },
  models: { type: 'string', demandOption: true, group: 'Lifecycle:', describe: 'models to cycle: TYPE:COUNT,... e.g. iris:20 (iris0..iris19, each sent the iris payload)' },
  repository: { type: 'string', group: 'Lifecycle:', describe: 'repository API: v2 (OIP repository extension over HTTP, default; the only one so far)' },
  concurrency: { type: 'number', group: 'Lifecycle:', describe: 'model cycles in progress at once (default 1)' },
  'infer-requests': { type: 'number', group: 'Lifecycle:', describe: 'checked inference requests per model cycle, one after another (default 10; 0 = load and unload only)' },
  cycles: { type: 'number', group: 'Lifecycle:', describe: 'how often to cycle the whole set of models (default 1)' },
  'ready-timeout': { type: 'string', group: 'Lifecycle:', describe: 'longest wait from the load request to ready, polled every 50ms (default 60s)' },
  timeout: { type: 'string', group: 'Lifecycle:', describe: 'timeout of each inference and unload request (default 30s)' },
  'batch-size': { type: 'number', group: 'Lifecycle:', describe: 'batch size of the named payloads (default 1)' },
  report: { type: 'string', repeatable: true, group: 'Lifecycle:', describe: 'report: text (default) or json, optionally =FILE (repeatable)' },
  ...DRY_RUN_FLAGS,
} as const satisfies FlagTable;

export type LifecycleFlags = FlagsOf<typeof LIFECYCLE_FLAGS>;
