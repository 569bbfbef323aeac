/**
 * LlmDelay is a time-to-first-token or inter-token delay of the reference LLM server: any
 * LatencyModel form (`200ms`, `normal:20ms,2ms`, ...) or `bimodal:FAST,SLOW[,P]`, which draws FAST
 * with probability P (default 0.5) and SLOW otherwise (goodput tests need two clear populations).
 */
import { UsageError } from '../core/errors.js';
import { ns, type Nanos } from '../core/units.js';
import { LATENCY_FORMS, parseLatencyModel, sampleLatencyNs, formatLatencyModel, type LatencyModel } from './latency-model.js';

/** LlmDelay is a LatencyModel or a two-mode mixture of them (values in ns). */
export type LlmDelay = LatencyModel | { readonly kind: 'bimodal'; readonly fast: LatencyModel; readonly slow: LatencyModel; readonly fastShare: number };

/** LLM_DELAY_FORMS lists the accepted text forms, for help text and errors. */
export const LLM_DELAY_FORMS = `${LATENCY_FORMS}, or bimodal:FAST,SLOW[,P] (bimodal:50ms,400ms,0.5)`;

/** parseLlmDelay reads a delay: the --latency forms, or `bimodal:FAST,SLOW[,P]` (P = share of FAST, 0..1). */
export function parseLlmDelay(text: string, flag: string): LlmDelay {
  const s = text.trim();
  if (!s.toLowerCase().startsWith('bimodal:')) return parseLatencyModel(s, flag);
  const parts = s.slice('bimodal:'.length).split(',');
  const share = parts.length === 3 ? Number(parts[2]) : 0.5;
  if ((parts.length !== 2 && parts.length !== 3) || !(share >= 0 && share <= 1)) {
    throw new UsageError(`${flag}: invalid delay "${text}"; use ${LLM_DELAY_FORMS}`);
  }
  return { kind: 'bimodal', fast: parseLatencyModel(parts[0], flag), slow: parseLatencyModel(parts[1], flag), fastShare: share };
}

/** sampleLlmDelayNs draws one delay (ns); random gives uniform [0, 1) values. */
export function sampleLlmDelayNs(d: LlmDelay, random: () => number): Nanos {
  if (d.kind !== 'bimodal') return sampleLatencyNs(d, random);
  return ns(sampleLatencyNs(random() < d.fastShare ? d.fast : d.slow, random));
}

/** formatLlmDelay renders a delay in the form parseLlmDelay reads. */
export function formatLlmDelay(d: LlmDelay): string {
  if (d.kind !== 'bimodal') return formatLatencyModel(d);
  return `bimodal:${formatLatencyModel(d.fast)},${formatLatencyModel(d.slow)},${d.fastShare}`;
}
