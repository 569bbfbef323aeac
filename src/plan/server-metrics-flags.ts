/**
 * SERVER_METRICS_FLAGS ask for the model server's own account of a run (infer, demo): its
 * Prometheus endpoint, scraped before and after the load, and extra metrics to show the change of.
 * serverMetricsPlan reads them; the URL is checked here, the scrape itself before any load.
 */
import { UsageError } from '../core/errors.js';
import { checkUrl } from './check-url.js';
import { asList, type FlagTable, type FlagsOf } from './flag-schema.js';
import type { ServerMetricsPlan } from './plan.js';

export const SERVER_METRICS_FLAGS = {
  'server-metrics': {
    type: 'string',
    group: 'Server view:',
    describe: "the model server's Prometheus metrics URL (e.g. http://triton:8002/metrics), scraped before and after the load; demo: no value = the embedded server's",
  },
  'server-metric': { type: 'string', repeatable: true, group: 'Server view:', describe: 'also show the change of this metric over the run (a counter, or a histogram: count and mean), repeatable' },
} as const satisfies FlagTable;

export type ServerMetricsFlags = FlagsOf<typeof SERVER_METRICS_FLAGS>;

/** serverMetricsPlan reads the flags; `fallback` is the URL an empty --server-metrics means (demo's own server), if any. */
export function serverMetricsPlan(f: ServerMetricsFlags, fallback: string | null = null): ServerMetricsPlan | null {
  const names = asList(f.serverMetric);
  if (f.serverMetrics === undefined) {
    if (names.length > 0) throw new UsageError('--server-metric needs --server-metrics URL (the endpoint to read it from)');
    return null;
  }
  const given = f.serverMetrics === '' ? fallback : f.serverMetrics;
  if (given === null) throw new UsageError('--server-metrics: give the URL of the server\'s metrics, e.g. --server-metrics http://127.0.0.1:8002/metrics');
  return { url: checkUrl(given, '--server-metrics'), names };
}
