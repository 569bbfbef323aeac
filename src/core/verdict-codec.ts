/**
 * The record's `slos` field: each objective of a run with its verdict, written by the json report
 * and read back by results/run-record.ts, so `loadgen report` and `loadgen assert` see the
 * objectives (metric included: a k6 threshold's text is not loadgen's grammar) the run was judged on.
 */
import type { LatencyStat, Slo, SloMetric, SloOp, SloVerdict } from './slo.js';
import { objectOf, RecordFieldError } from './record-codec.js';

const OPS: readonly SloOp[] = ['<', '<=', '>', '>=', '==', '!='];
const KINDS: ReadonlyArray<SloMetric['kind']> = ['latency', 'error-rate', 'success-rate', 'error-count', 'request-count', 'rps', 'throughput', 'dropped', 'dropped-rate'];
const STATS: readonly LatencyStat[] = ['mean', 'min', 'max', 'stddev', 'percentile'];

/** verdictsToJson writes each verdict flat: the objective's fields, then measured and pass. */
export function verdictsToJson(verdicts: readonly SloVerdict[]): Array<Record<string, unknown>> {
  return verdicts.map(({ slo, measured, pass }) => ({
    text: slo.text,
    name: slo.name,
    metric: slo.metric,
    op: slo.op,
    limit: slo.limit,
    abort_on_fail: slo.abortOnFail,
    delay_abort_ns: slo.delayAbortNs,
    measured,
    pass,
  }));
}

/** verdictsFromJson reads verdictsToJson's list back. */
export function verdictsFromJson(value: unknown): SloVerdict[] {
  if (!Array.isArray(value)) throw new RecordFieldError('slos: not a list');
  return value.map((v: unknown, i) => {
    const f = `slos[${i}]`;
    const o = objectOf(v, f);
    const slo: Slo = {
      text: stringOf(o.text, `${f}.text`),
      name: stringOf(o.name, `${f}.name`),
      metric: metricOf(o.metric, `${f}.metric`),
      op: oneOf(o.op, OPS, `${f}.op`),
      limit: numberOf(o.limit, `${f}.limit`),
      abortOnFail: o.abort_on_fail === true,
      delayAbortNs: o.delay_abort_ns === undefined ? 0 : numberOf(o.delay_abort_ns, `${f}.delay_abort_ns`),
    };
    const measured = o.measured === null ? null : numberOf(o.measured, `${f}.measured`);
    if (typeof o.pass !== 'boolean') throw new RecordFieldError(`${f}.pass: not a boolean`);
    return { slo, measured, pass: o.pass };
  });
}

function metricOf(v: unknown, field: string): SloMetric {
  const m = objectOf(v, field);
  const kind = oneOf(m.kind, KINDS, `${field}.kind`);
  if (kind !== 'latency') return { kind } as SloMetric;
  return {
    kind,
    population: oneOf(m.population, ['service', 'response'] as const, `${field}.population`),
    stat: oneOf(m.stat, STATS, `${field}.stat`),
    q: numberOf(m.q, `${field}.q`),
  };
}

function stringOf(v: unknown, field: string): string {
  if (typeof v !== 'string') throw new RecordFieldError(`${field}: not a string`);
  return v;
}

function numberOf(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RecordFieldError(`${field}: not a number`);
  return v;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], field: string): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw new RecordFieldError(`${field}: not one of ${allowed.join(', ')}`);
  return v as T;
}
