/**
 * compareJson is `loadgen compare --report json=FILE`: the comparison as one JSON document (schema
 * loadgen.compare/v1), per statistic A, B, the difference, its interval, the relative difference,
 * the method and the verdict line. Units are in the field names (ns, per_s).
 */
import type { Comparison } from '../results/compare-runs.js';
import { compareVerdict, METHOD_TEXT, statisticLabel } from './compare-verdict.js';

/** COMPARE_SCHEMA names the JSON report's layout, first key of the document. */
export const COMPARE_SCHEMA = 'loadgen.compare/v1';

export function compareJson(c: Comparison): string {
  const doc = {
    schema: COMPARE_SCHEMA,
    a: c.sourcesA,
    b: c.sourcesB,
    confidence: c.confidence,
    resamples: c.resamples,
    seed: c.seed,
    resampled_rounds: c.resampledRounds,
    methods: Object.fromEntries([...new Set(c.statistics.map((s) => s.method))].map((m) => [m, METHOD_TEXT[m]])),
    statistics: c.statistics.map((s) => ({
      name: statisticLabel(s),
      metric: s.metric,
      statistic: s.statistic,
      unit: s.unit,
      a: s.a,
      b: s.b,
      diff: s.diff,
      ci_low: s.ci?.low ?? null,
      ci_high: s.ci?.high ?? null,
      diff_pct: s.relPct,
      ci_low_pct: s.relCi?.low ?? null,
      ci_high_pct: s.relCi?.high ?? null,
      method: s.method,
      outcome: s.outcome,
      verdict: compareVerdict(s),
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
