/**
 * The two steps of --server-metrics around a run: the first scrape, after readiness and warm-up
 * and before any load (a server whose metrics cannot be read is bad input: nothing is sent), and
 * the second, after the load, which turns both into the ServerView. A failing second scrape does
 * not undo the run: it is returned as a line to print, and the run's results stand.
 */
import { UsageError } from '../core/errors.js';
import type { ServerView } from '../core/server-view.js';
import type { ServerMetricsPlan } from '../plan/plan.js';
import type { PromPage } from '../results/prometheus-text.js';
import { serverView } from '../results/server-view.js';

/** ServerBaseline is the first scrape, what the second is compared with. */
export interface ServerBaseline {
  readonly plan: ServerMetricsPlan;
  readonly before: PromPage;
}

/** scrapeBaseline reads the metrics before the load; a failure is one UsageError line (exit 2). */
export async function scrapeBaseline(plan: ServerMetricsPlan): Promise<ServerBaseline> {
  try {
    return { plan, before: await scrape(plan.url) };
  } catch (err) {
    throw new UsageError(`--server-metrics: cannot read the server's metrics before the load (${(err as Error).message}); nothing was sent`);
  }
}

/** serverViewAfter scrapes again after the load: the view, or why there is none. */
export async function serverViewAfter(base: ServerBaseline): Promise<{ readonly view: ServerView } | { readonly failure: string }> {
  try {
    const after = await scrape(base.plan.url);
    return { view: serverView(base.plan.url, base.before, after, base.plan.names) };
  } catch (err) {
    return { failure: `--server-metrics: cannot read the server's metrics after the load (${(err as Error).message}); the run's results stand without the server's view` };
  }
}

/** scrape loads the scraper (undici) only for runs that read a server's metrics. */
async function scrape(url: string): ReturnType<typeof import('./server-scrape.js').scrapeServerMetrics> {
  return (await import('./server-scrape.js')).scrapeServerMetrics(url);
}
