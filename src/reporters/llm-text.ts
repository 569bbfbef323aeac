/**
 * llmText is the generative section of the text report: requests and goodput, token counts and
 * rates, and the TTFT / ITL / TPOT / E2E distributions in milliseconds (µs precision: token
 * gaps are tens of ms, so whole ms would hide what matters).
 */
import { llmFigures } from '../core/llm-figures.js';
import type { LlmResult } from '../core/llm-result.js';
import type { LatencyView } from '../core/latency-view.js';
import type { RunResult } from '../core/run-result.js';
import { goFixed, tabwriter } from './go-format.js';

const QUANTILES: ReadonlyArray<readonly [string, number]> = [
  ['p50', 0.5],
  ['p90', 0.9],
  ['p95', 0.95],
  ['p99', 0.99],
];

export function llmText(r: RunResult, l: LlmResult): string {
  const f = llmFigures(r, l);
  const slos = l.slos.length === 0 ? 'no per-request objectives' : l.slos.map((s, i) => `${s.text} met by ${l.sloMet[i]}`).join(', ');
  const perUser = f.perUserTokensPerSec === null ? 'n/a' : `p50 ${goFixed(f.perUserTokensPerSec.p50, 2)}/s`;
  let out = `\nGenerative (${l.api}, ${l.stream ? 'streamed' : 'whole answers'})\n`;
  out += tabwriter(
    [
      `Requests\t${l.requests} (${goFixed(f.requestsPerSec, 2)}/s), ${l.successes} with tokens\n`,
      `Goodput\t${l.goodput} (${goFixed(100 * f.goodputRatio, 2)}%, ${goFixed(f.goodputPerSec, 2)}/s): ${slos}\n`,
      `Output tokens\t${l.outputTokens} (${goFixed(f.outputTokensPerSec, 2)}/s in all, per user ${perUser})\n`,
      `Input tokens\t${l.inputTokens} (${goFixed(f.inputTokensPerSec, 2)}/s)\n`,
      `Token counts\t${l.usageReported} from the server's usage, ${l.tokenizer === 'none' ? '' : `${l.clientCounted} by the ${l.tokenizer} tokenizer, `}${l.requests - l.usageReported - l.clientCounted} by counting content deltas; ${l.usageMismatches} usage/delta mismatches (a chunk of k tokens counts k, its gap spread evenly)\n`,
      ...(l.tokenCount.compared === 0 ? [] : [`Client/server counts\t${countCheck(l)}\n`]),
    ].join(''),
  );
  const rows = [`\tcount\tmin\tmean\t${QUANTILES.map(([k]) => k).join('\t')}\tmax\n`, row('TTFT', l.ttft)];
  if (l.ttftResponse !== null) rows.push(row('TTFT from intended send', l.ttftResponse));
  rows.push(row('ITL', l.itl), row('TPOT', l.tpot), row('E2E', l.e2e));
  out += tabwriter(rows.join('')) + '(ms)\n';
  return out;
}

/** countCheck is how the client's tokenizer agreed with the server's usage. */
function countCheck(l: LlmResult): string {
  const c = l.tokenCount;
  return `${c.mismatches} of ${c.compared} differ (${l.tokenizer} vs usage; relative difference mean ${goFixed(100 * (c.relDiffSum / c.compared), 2)}%, max ${goFixed(100 * c.relDiffMax, 2)}%)`;
}

function row(label: string, v: LatencyView): string {
  const cells = [String(v.count), ms(v.minNs), ms(v.meanNs), ...QUANTILES.map(([, q]) => ms(v.quantileNs(q))), ms(v.maxNs)];
  return `${label}\t${cells.join('\t')}\n`;
}

function ms(ns: number): string {
  return goFixed(ns / 1e6, 3);
}
