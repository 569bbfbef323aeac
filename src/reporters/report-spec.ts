/**
 * ReportSpec is one requested report: its type and where it goes. parseReportSpec reads the
 * `--report TYPE[=FILE]` form; render-report.ts is the one place that maps a type to its reporter
 * (apart, so a plan that names reports does not load every reporter before the run).
 */
import type { RunResult } from '../core/run-result.js';
import type { SloVerdict } from '../core/slo.js';
import type { Nanos } from '../core/units.js';
import { UsageError } from '../core/errors.js';
import type { RequestPoints } from './html/downsample.js';
import { parseHistBuckets } from './vegeta-hist.js';

/** REPORT_TYPES lists the report types for help texts and errors. */
export const REPORT_TYPES = ['text', 'json', 'vegeta-text', 'vegeta-json', 'vegeta-hist[BUCKETS]', 'hdrplot', 'k6-summary', 'iter8', 'html', 'vllm-json', 'aiperf-json'] as const;

/** SIMPLE_TYPES are the report types without parameters. */
const SIMPLE_TYPES = ['text', 'json', 'vegeta-text', 'hdrplot', 'k6-summary', 'iter8', 'html', 'vllm-json', 'aiperf-json'] as const;
type SimpleType = (typeof SIMPLE_TYPES)[number];

export type ReportSpec =
  | { readonly type: SimpleType; readonly file: string | null }
  | { readonly type: 'vegeta-json'; readonly file: string | null; readonly buckets: readonly Nanos[] | null }
  | { readonly type: 'vegeta-hist'; readonly file: string | null; readonly buckets: readonly Nanos[] };

/** parseReportSpec reads `TYPE` or `TYPE=FILE`; `vegeta-hist[0,1ms,5ms]` carries its buckets. */
export function parseReportSpec(text: string, flag = '--report', buckets: readonly Nanos[] | null = null): ReportSpec {
  const eq = text.indexOf('=');
  const type = (eq < 0 ? text : text.slice(0, eq)).trim();
  const file = eq < 0 ? null : text.slice(eq + 1).trim() || null;
  if ((SIMPLE_TYPES as readonly string[]).includes(type)) return { type: type as SimpleType, file };
  if (type === 'vegeta-json') return { type, file, buckets };
  if (type.startsWith('vegeta-hist') || type.startsWith('hist')) {
    const list = type.slice(type.indexOf('hist') + 4);
    if (list === '' && buckets === null) {
      throw new UsageError(`${flag}: ${type} needs buckets, e.g. ${flag} 'vegeta-hist[0,1ms,5ms,10ms]'`);
    }
    return { type: 'vegeta-hist', file, buckets: list === '' ? buckets! : parseHistBuckets(list, flag) };
  }
  throw new UsageError(`${flag}: unknown report type "${type}"; use one of ${REPORT_TYPES.join(', ')} (optionally =FILE)`);
}

/**
 * ReportContext is what some reports need beyond the result: the objectives' verdicts (k6-summary
 * thresholds, the iter8 SLO table) and whether every response was checked (k6's checks).
 */
export interface ReportContext {
  readonly verdicts?: readonly SloVerdict[];
  readonly checked?: boolean;
  /** points are the run's requests one by one (from results files), drawn in the html report's scatter. */
  readonly points?: RequestPoints;
}

/** reportContextOf is the context a judged result carries (the live run's, or a record's). */
export function reportContextOf(result: RunResult): ReportContext {
  return { verdicts: result.slos ?? [], checked: result.checked ?? false };
}
