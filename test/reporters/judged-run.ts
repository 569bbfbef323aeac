/**
 * judgedRun is one run judged on objectives in all three grammars, the input of the k6 summary
 * and Iter8 report golden tests: 1000 requests at 100/s over 10 s (4 dropped), 5 answered 500
 * and 5 failing the response check, service time about 1.2 ms.
 */
import { ns } from '../../src/core/units.js';
import type { RunResult } from '../../src/core/run-result.js';
import type { SloVerdict } from '../../src/core/slo.js';
import { parseK6Threshold, parseSlo } from '../../src/plan/slo-grammar.js';
import { judgeSlos } from '../../src/results/slo-judge.js';
import { fixedLatency, testResult } from './fixtures.js';

const MS = 1e6;

export function judgedResult(overrides: Partial<RunResult> = {}): RunResult {
  const base = testResult({
    startUnixNs: 1_764_763_200_000_000_000n,
    requests: 1000,
    successes: 990,
    dropped: 4,
    earliestNs: ns(10 * MS),
    latestNs: ns(9_990 * MS),
    endNs: ns(10_000 * MS),
    bytesIn: 239_000,
    bytesOut: 80_000,
    statusCodes: [
      [200, 995],
      [500, 5],
    ],
    latency: {
      ...fixedLatency({
        count: 1000,
        minNs: 1.09 * MS,
        maxNs: 6.3 * MS,
        totalNs: 1241 * MS,
        quantiles: new Map([
          [0.5, 1.195 * MS],
          [0.75, 1.28 * MS],
          [0.9, 1.361 * MS],
          [0.95, 1.437 * MS],
          [0.99, 1.747 * MS],
          [0.999, 4.247 * MS],
        ]),
      }),
      stdevNs: ns(0.25 * MS),
    },
  });
  return { ...base, meta: { ...base.meta, command: 'infer', mode: 'open', rateHz: 100, workers: 2 }, ...overrides };
}

/** OBJECTIVES: k6 thresholds, loadgen's --slo and Iter8 SLO names, passing and failing. */
export function judgedVerdicts(result: RunResult): SloVerdict[] {
  const slos = [
    parseK6Threshold('http_req_duration', 'p(95)<500', 'thresholds'),
    parseK6Threshold('http_req_failed', 'rate<0.005', 'thresholds'),
    parseSlo('p99<=1ms'),
    parseSlo('rps>=90'),
    parseSlo('dropped==0'),
    parseSlo('http/latency-mean<=50'),
    parseSlo('http/error-count<=0'),
  ];
  return judgeSlos(slos, result);
}
