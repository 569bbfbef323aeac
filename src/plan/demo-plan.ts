/**
 * buildDemoPlan is `loadgen demo`'s plan: an infer run against the embedded reference server,
 * by default a 10 s open-loop test at 200/s of a 1 ms iris model.
 */
import type { DemoFlags } from './demo-flags.js';
import { buildInferPlan } from './infer-plan.js';
import type { Plan } from './plan.js';

/** DEMO_DEFAULTS are the demo's load, model and server latency when not given. */
export const DEMO_DEFAULTS = { rate: '200', duration: '10s', model: 'iris', latency: '1ms' } as const;

/** buildDemoPlan plans the demo's run against the server at url. */
export function buildDemoPlan(f: DemoFlags, url: string): Plan {
  const closedLoop = f.vus !== undefined;
  return buildInferPlan(
    {
      ...f,
      url,
      model: f.model ?? DEMO_DEFAULTS.model,
      rate: closedLoop ? undefined : (f.rate ?? DEMO_DEFAULTS.rate),
      duration: demoDuration(f),
    },
    'demo',
    `${url}/metrics`,
  );
}

/** demoDuration is -d, 10 s by default unless -n bounds the run. */
export function demoDuration(f: DemoFlags): string | undefined {
  return f.iterations === undefined ? (f.duration ?? DEMO_DEFAULTS.duration) : f.duration;
}
