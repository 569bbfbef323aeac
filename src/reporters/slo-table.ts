/**
 * sloTable is the verdict of a run's objectives as a table (metric, objective, measured, result),
 * what a failed gate prints before exiting 99, in the spirit of k6's THRESHOLDS block and Iter8's
 * SLO table. Latencies are shown as Go durations, rates as percentages.
 */
import { isLatencyMetric, isRateMetric, type SloMetric, type SloVerdict } from '../core/slo.js';
import { goDuration, tabwriter, vegetaRound } from './go-format.js';

export function sloTable(verdicts: readonly SloVerdict[]): string {
  const rows = ['SLO\tobjective\tmeasured\tresult'];
  for (const v of verdicts) {
    const { slo } = v;
    const measured = v.measured === null ? 'no value' : sloValueText(slo.metric, v.measured);
    rows.push(`${slo.name}\t${slo.op} ${sloValueText(slo.metric, slo.limit)}\t${measured}\t${v.pass ? 'pass' : 'FAIL'}`);
  }
  const failed = verdicts.filter((v) => !v.pass).length;
  const summary = failed === 0 ? `all ${verdicts.length} SLOs passed` : `${failed} of ${verdicts.length} SLOs failed`;
  return tabwriter(rows.join('\n') + '\n') + summary + '\n';
}

/** sloValueText shows an objective's limit or measured value in its unit (also the HTML report's). */
export function sloValueText(metric: SloMetric, value: number): string {
  if (isLatencyMetric(metric)) return goDuration(vegetaRound(value));
  if (isRateMetric(metric)) return `${(value * 100).toFixed(value !== 0 && value < 0.001 ? 4 : 2)}%`;
  if (metric.kind === 'rps' || metric.kind === 'throughput') return `${value.toFixed(2)}/s`;
  return String(value);
}
