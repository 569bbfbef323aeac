/**
 * PromExposition renders the latest live snapshot as Prometheus' text exposition for
 * `--prometheus-addr`: counters and gauges through prom-client (a registry whose collect hooks read
 * the snapshot at scrape time, so scrapes cost the run nothing between them), and the latency
 * histogram written from the snapshot's cumulative buckets, which prom-client's Histogram (it only
 * observes values one by one) cannot be given. Generate runs add their generative series (prom-llm.ts).
 */
import { Counter, Gauge, Registry } from 'prom-client';
import { LIVE_BUCKETS_NS, type LiveSnapshot } from '../core/live-snapshot.js';
import { grpcStatusName } from '../core/grpc-status.js';
import { llmExpositionText } from './prom-llm.js';

/** HISTOGRAM is the latency histogram's name: service time, seconds. */
export const HISTOGRAM = 'loadgen_request_duration_seconds';

export class PromExposition {
  readonly registry: Registry;
  private readonly labels: Readonly<Record<string, string>>;
  private latest: LiveSnapshot | null;

  constructor(labels: Readonly<Record<string, string>> = {}) {
    this.labels = labels;
    this.registry = new Registry();
    this.registry.setDefaultLabels({ ...labels });
    this.latest = null;
    const self = this;
    const registers = [this.registry];
    new Counter({
      name: 'loadgen_requests_total',
      help: 'Results recorded, by protocol and status (HTTP status or gRPC code name)',
      labelNames: ['protocol', 'status'],
      registers,
      collect() {
        this.reset();
        for (const s of self.latest?.statuses ?? []) {
          this.inc({ protocol: s.protocol, status: s.protocol === 'grpc' ? grpcStatusName(s.code) : String(s.code) }, s.count);
        }
      },
    });
    new Counter({
      name: 'loadgen_errors_total',
      help: 'Failed results, by the stable kind of their error',
      labelNames: ['kind'],
      registers,
      collect() {
        this.reset();
        for (const [kind, count] of self.latest?.errorKinds ?? []) this.inc({ kind }, count);
      },
    });
    const gauge = (name: string, help: string, read: (s: LiveSnapshot) => number | null) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          const v = self.latest === null ? null : read(self.latest);
          if (v === null) this.reset();
          else this.set(v);
        },
      });
    gauge('loadgen_dropped_total', 'Open-loop requests not sent because --max-in-flight was reached', (s) => s.dropped);
    gauge('loadgen_in_flight', 'Requests outstanding now', (s) => s.inFlight);
    gauge('loadgen_target_rate', 'Open-loop rate the pacer aims at now, requests per second', (s) => s.targetRateHz);
    gauge('loadgen_vus', 'Closed-loop virtual users now', (s) => s.vus);
    gauge('loadgen_generator_cpu_seconds_total', "The generator's own user + system CPU so far", (s) => s.cpuSeconds);
    gauge('loadgen_bytes_sent_total', 'Request bytes sent', (s) => s.bytesOut);
    gauge('loadgen_bytes_received_total', 'Response bytes received', (s) => s.bytesIn);
  }

  /** update keeps the snapshot the next scrape shows. */
  update(s: LiveSnapshot): void {
    this.latest = s;
  }

  /** text is the whole exposition page. */
  async text(): Promise<string> {
    const llm = this.latest?.llm;
    return (await this.registry.metrics()) + histogramText(this.latest, this.labels) + (llm == null ? '' : llmExpositionText(llm, this.labels));
  }
}

/** histogramText writes the cumulative `le` buckets, +Inf, _sum and _count of the service time. */
function histogramText(s: LiveSnapshot | null, defaults: Readonly<Record<string, string>>): string {
  const base = Object.entries(defaults);
  const labels = (extra: Array<[string, string]>) => {
    const all = [...base, ...extra];
    return all.length === 0 ? '' : `{${all.map(([k, v]) => `${k}="${escape(v)}"`).join(',')}}`;
  };
  let out = `# HELP ${HISTOGRAM} Service time of each result (send to end of response)\n# TYPE ${HISTOGRAM} histogram\n`;
  const count = s === null ? 0 : s.requests;
  LIVE_BUCKETS_NS.forEach((le, i) => {
    out += `${HISTOGRAM}_bucket${labels([['le', String(le / 1e9)]])} ${s === null ? 0 : s.buckets[i]}\n`;
  });
  out += `${HISTOGRAM}_bucket${labels([['le', '+Inf']])} ${count}\n`;
  out += `${HISTOGRAM}_sum${labels([])} ${s === null ? 0 : s.latencySumNs / 1e9}\n`;
  out += `${HISTOGRAM}_count${labels([])} ${count}\n`;
  return out;
}

function escape(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}
