/**
 * RunWatch is everything that watches a run while it goes, fed each live snapshot: the live view
 * (panel or log lines), the Prometheus scrape endpoint, the remote-write pusher, and the
 * abortOnFail objectives, which stop the run gracefully (as Ctrl-C does) when one fails.
 * start() brings the endpoint up before any load, so a port in use is refused first.
 */
import type { LiveSnapshot } from '../core/live-snapshot.js';
import { isLatencyMetric, isRateMetric, type SloVerdict } from '../core/slo.js';
import type { Plan } from '../plan/plan.js';
import { LiveAbort } from '../engine/live-abort.js';
import type { PrometheusEndpoint } from '../engine/prometheus-endpoint.js';
import type { RemoteWritePusher } from '../engine/remote-write-pusher.js';
import { goDuration, vegetaRound } from '../reporters/go-format.js';
import { liveView, type LiveView } from './live-view.js';

export class RunWatch {
  /** aborted is the abortOnFail objective that stopped the run; null when none did. */
  aborted: SloVerdict | null;
  /** onAbort is called once, when an abortOnFail objective fails (the run is stopped by it). */
  onAbort: (() => void) | null;
  private readonly plan: Plan;
  private readonly view: LiveView;
  private readonly endpoint: PrometheusEndpoint | null;
  private readonly pusher: RemoteWritePusher | null;
  private readonly abort: LiveAbort;

  private constructor(plan: Plan, endpoint: PrometheusEndpoint | null, pusher: RemoteWritePusher | null) {
    this.plan = plan;
    this.aborted = null;
    this.onAbort = null;
    this.view = liveView(plan.watch, `loadgen ${plan.meta.command} ${plan.meta.target}`);
    this.endpoint = endpoint;
    this.pusher = pusher;
    this.abort = new LiveAbort(plan.slos);
  }

  /** start opens the watch; prom-client and the remote-write encoder are loaded only when asked for. */
  static async start(plan: Plan): Promise<RunWatch> {
    const p = plan.watch.prometheus;
    const endpoint = p === null ? null : await (await import('../engine/prometheus-endpoint.js')).PrometheusEndpoint.start(p.host, p.port);
    if (endpoint !== null) process.stderr.write(`loadgen: live metrics on ${endpoint.url}\n`);
    const rw = plan.watch.remoteWrite;
    const warn = (line: string) => process.stderr.write(`${line}\n`);
    const pusher =
      rw === null
        ? null
        : new (await import('../engine/remote-write-pusher.js')).RemoteWritePusher(rw.url, rw.intervalNs / 1e6, { protocol: plan.meta.protocol, tags: rw.tags }, warn);
    return new RunWatch(plan, endpoint, pusher);
  }

  /** update takes one live snapshot (final: the last, after every result is in). */
  readonly update = (s: LiveSnapshot, final: boolean): void => {
    this.view.update(s, final);
    this.endpoint?.update(s, final);
    this.pusher?.update(s);
    if (final || this.aborted !== null || !this.abort.active) return;
    const failed = this.abort.failed(s);
    if (failed === null) return;
    this.aborted = failed;
    this.view.end();
    process.stderr.write(`loadgen: objective ${failed.slo.text} failed at ${Math.round(s.elapsedNs / 1e8) / 10}s (measured ${shown(failed)}): abortOnFail stops the run\n`);
    this.onAbort?.();
  };

  /** end clears the view, makes the final push, and keeps /metrics up for its last scrape. */
  async end(): Promise<void> {
    this.view.end();
    await this.pusher?.finish();
    await this.endpoint?.close((this.plan.watch.prometheus?.lingerNs ?? 0) / 1e6);
  }
}

function shown(v: SloVerdict): string {
  const m = v.measured;
  if (m === null) return 'none';
  if (isLatencyMetric(v.slo.metric)) return goDuration(vegetaRound(m));
  if (isRateMetric(v.slo.metric)) return `${(m * 100).toFixed(2)}%`;
  return String(Math.round(m * 100) / 100);
}
