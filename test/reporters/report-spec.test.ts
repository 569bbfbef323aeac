import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseReportSpec } from '../../src/reporters/report-spec.js';
import { renderReport } from '../../src/reporters/render-report.js';
import { k6Summary } from '../../src/reporters/k6-summary.js';
import { iter8Report } from '../../src/reporters/iter8.js';
import { judgedResult, judgedVerdicts } from './judged-run.js';

describe('renderReport: reports that need the verdicts', () => {
  const result = judgedResult();
  const verdicts = judgedVerdicts(result);

  it('renders k6-summary with the verdicts and whether responses were checked', () => {
    const spec = parseReportSpec('k6-summary=out.json');
    assert.deepEqual(spec, { type: 'k6-summary', file: 'out.json' });
    assert.equal(renderReport(spec, result, { verdicts, checked: true }), k6Summary(result, verdicts, { checked: true }));
    // Without a context: no thresholds and no check, as for a run without objectives.
    assert.equal(renderReport(spec, result), k6Summary(result, [], { checked: false }));
  });

  it('renders iter8 with its SLO table only when given verdicts', () => {
    const spec = parseReportSpec('iter8');
    assert.deepEqual(spec, { type: 'iter8', file: null });
    assert.equal(renderReport(spec, result, { verdicts }), iter8Report(result, verdicts));
    assert.ok(!renderReport(spec, result).includes('SLO Conditions'));
  });

  it('lists both in the unknown-type error', () => {
    assert.throws(() => parseReportSpec('k6'), /k6-summary, iter8/);
  });
});
