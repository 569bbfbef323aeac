/** renderReport is the one place that maps a report type to its reporter. */
import type { RunResult } from '../core/run-result.js';
import { hdrplot } from './hdrplot.js';
import { iter8Report } from './iter8.js';
import { htmlReport } from './html.js';
import { jsonReport } from './json.js';
import { k6Summary } from './k6-summary.js';
import type { ReportContext, ReportSpec } from './report-spec.js';
import { textReport } from './text.js';
import { vllmJson } from './llm-vllm-json.js';
import { aiperfJson } from './llm-aiperf-json.js';
import { vegetaHist } from './vegeta-hist.js';
import { vegetaJson } from './vegeta-json.js';
import { vegetaText } from './vegeta-text.js';

/** renderReport runs the reporter a spec names. */
export function renderReport(spec: ReportSpec, result: RunResult, context: ReportContext = {}): string {
  const verdicts = context.verdicts ?? [];
  switch (spec.type) {
    case 'text':
      return textReport(result);
    case 'json':
      return jsonReport(result);
    case 'vegeta-text':
      return vegetaText(result);
    case 'vegeta-json':
      return vegetaJson(result, spec.buckets ?? undefined);
    case 'vegeta-hist':
      return vegetaHist(result, spec.buckets);
    case 'hdrplot':
      return hdrplot(result);
    case 'k6-summary':
      return k6Summary(result, verdicts, { checked: context.checked ?? false });
    case 'iter8':
      return iter8Report(result, verdicts);
    case 'vllm-json':
      return vllmJson(result);
    case 'aiperf-json':
      return aiperfJson(result);
    case 'html':
      // One run, named by what it hit; `loadgen report` compares several through htmlReport itself.
      return htmlReport([
        { label: result.meta.target, result, ...(verdicts.length === 0 ? {} : { verdicts }), ...(context.points === undefined ? {} : { points: context.points }) },
      ]);
  }
}
