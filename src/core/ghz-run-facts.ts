/**
 * GhzRunFacts are what a ghz report shows beyond the results: facts only the `loadgen grpc` command
 * line knows. They live in core because the run record carries them, so `loadgen report` can
 * render ghz's reports from a record exactly as the live run did.
 */
import type { GoJsonValue } from './go-json-value.js';

/** GhzOptions is the ghz report's `options` object, keys in ghz's order (reporters/ghz-report-input.ts ghzOptions). */
export type GhzOptions = ReadonlyMap<string, GoJsonValue>;

export interface GhzRunFacts {
  readonly options: GhzOptions;
  readonly tags: Readonly<Record<string, string>>;
  readonly countErrors: boolean;
  /** timed says the run was bounded by -z (ghz's `timeout` end reason). */
  readonly timed: boolean;
  /** details asks for ghz's per-call `details` in the JSON report. */
  readonly details: boolean;
}
