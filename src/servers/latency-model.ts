/**
 * LatencyModel is how long the reference server holds an inference request before answering:
 * none, fixed, uniform, normal, lognormal, exponential or bimodal, parsed from the `--latency`
 * text forms.
 */
import { parseDuration, ns, type Nanos } from '../core/units.js';
import { UsageError } from '../core/errors.js';

/**
 * LatencyModel is a delay distribution; all values are in nanoseconds. `uniform` draws from
 * [min, max), `normal` clamps samples below 0 to 0, `exp` is exponential with the given mean,
 * `lognormal` has the given median and the standard deviation sigma of its logarithm (the long
 * right tail of real services), `bimodal` is `fastNs` except for a share `slowShare` of `slowNs`
 * (a cache miss, a cold path).
 */
export type LatencyModel =
  | { readonly kind: 'none' }
  | { readonly kind: 'fixed'; readonly delayNs: Nanos }
  | { readonly kind: 'uniform'; readonly minNs: Nanos; readonly maxNs: Nanos }
  | { readonly kind: 'normal'; readonly meanNs: Nanos; readonly stddevNs: Nanos }
  | { readonly kind: 'exp'; readonly meanNs: Nanos }
  | { readonly kind: 'lognormal'; readonly medianNs: Nanos; readonly sigma: number }
  | { readonly kind: 'bimodal'; readonly fastNs: Nanos; readonly slowNs: Nanos; readonly slowShare: number };

/** NO_LATENCY answers at once. */
export const NO_LATENCY: LatencyModel = { kind: 'none' };

/** LATENCY_FORMS describes the accepted text forms, for help text and errors. */
export const LATENCY_FORMS =
  'DURATION (10ms), uniform:MIN-MAX (uniform:5ms-15ms), normal:MEAN,STDDEV (normal:10ms,2ms), lognormal:MEDIAN,SIGMA (lognormal:10ms,0.5), exp:MEAN (exp:5ms), bimodal:FAST,SLOW,SHARE (bimodal:5ms,200ms,0.1) or none';

/**
 * parseLatencyModel reads `10ms` (fixed), `uniform:5ms-15ms`, `normal:10ms,2ms` (mean, stddev),
 * `exp:5ms` (exponential with that mean), or `none`/`0`. Durations are Go durations. Bad text
 * throws a one-line UsageError listing the accepted forms.
 */
export function parseLatencyModel(text: string, flag = '--latency'): LatencyModel {
  const s = text.trim();
  const colon = s.indexOf(':');
  const kind = colon < 0 ? '' : s.slice(0, colon).toLowerCase();
  const args = colon < 0 ? s : s.slice(colon + 1);
  const bad = (why?: string): UsageError =>
    new UsageError(`${flag}: invalid latency model "${text}"${why ? ` (${why})` : ''}; use ${LATENCY_FORMS}`);
  const duration = (part: string | undefined): Nanos => {
    if (part === undefined || part.trim() === '') throw bad();
    let d: Nanos;
    try {
      d = parseDuration(part, flag);
    } catch {
      throw bad();
    }
    if (d < 0) throw bad('durations must not be negative');
    return d;
  };
  switch (kind) {
    case '':
      if (s.toLowerCase() === 'none') return NO_LATENCY;
      return fixedOrNone(duration(s));
    case 'fixed':
      return fixedOrNone(duration(args));
    case 'uniform': {
      const parts = args.split('-');
      if (parts.length !== 2) throw bad();
      const minNs = duration(parts[0]);
      const maxNs = duration(parts[1]);
      if (minNs > maxNs) throw bad('MIN must not exceed MAX');
      return { kind: 'uniform', minNs, maxNs };
    }
    case 'normal': {
      const parts = args.split(',');
      if (parts.length !== 2) throw bad();
      return { kind: 'normal', meanNs: duration(parts[0]), stddevNs: duration(parts[1]) };
    }
    case 'exp':
      return { kind: 'exp', meanNs: duration(args) };
    case 'lognormal': {
      const parts = args.split(',');
      const sigma = Number(parts[1]);
      if (parts.length !== 2 || parts[1].trim() === '' || !(sigma >= 0 && sigma <= 10)) throw bad('SIGMA is a number 0..10');
      return { kind: 'lognormal', medianNs: duration(parts[0]), sigma };
    }
    case 'bimodal': {
      const parts = args.split(',');
      const share = Number(parts[2]);
      if (parts.length !== 3 || parts[2].trim() === '' || !(share >= 0 && share <= 1)) throw bad('SHARE is the slow share, 0..1');
      return { kind: 'bimodal', fastNs: duration(parts[0]), slowNs: duration(parts[1]), slowShare: share };
    }
    default:
      throw bad();
  }
}

function fixedOrNone(delayNs: Nanos): LatencyModel {
  return delayNs === 0 ? NO_LATENCY : { kind: 'fixed', delayNs };
}

/**
 * sampleLatencyNs draws one delay from the model, in ns. random returns uniform values in [0, 1)
 * (Math.random by default; a seeded one makes tests reproducible).
 */
export function sampleLatencyNs(model: LatencyModel, random: () => number = Math.random): Nanos {
  switch (model.kind) {
    case 'none':
      return ns(0);
    case 'fixed':
      return model.delayNs;
    case 'uniform':
      return ns(model.minNs + random() * (model.maxNs - model.minNs));
    case 'normal': {
      const v = model.meanNs + standardNormal(random) * model.stddevNs;
      return ns(v > 0 ? v : 0);
    }
    case 'lognormal':
      return ns(model.medianNs * Math.exp(model.sigma * standardNormal(random)));
    case 'exp':
      return ns(model.meanNs * -Math.log1p(-random()));
    case 'bimodal':
      return random() < model.slowShare ? model.slowNs : model.fastNs;
  }
}

/** standardNormal draws N(0, 1) by Box-Muller; 1 - u keeps the log argument in (0, 1]. */
function standardNormal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** formatLatencyModel renders a model back in the text form parseLatencyModel reads (ms units). */
export function formatLatencyModel(model: LatencyModel): string {
  const d = (v: Nanos): string => `${+(v / 1e6).toFixed(6)}ms`;
  switch (model.kind) {
    case 'none':
      return 'none';
    case 'fixed':
      return d(model.delayNs);
    case 'uniform':
      return `uniform:${d(model.minNs)}-${d(model.maxNs)}`;
    case 'normal':
      return `normal:${d(model.meanNs)},${d(model.stddevNs)}`;
    case 'exp':
      return `exp:${d(model.meanNs)}`;
    case 'lognormal':
      return `lognormal:${d(model.medianNs)},${model.sigma}`;
    case 'bimodal':
      return `bimodal:${d(model.fastNs)},${d(model.slowNs)},${model.slowShare}`;
  }
}
