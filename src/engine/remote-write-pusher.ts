/**
 * RemoteWritePusher sends the latest live snapshot as k6-named series (k6RemoteSeries) to a
 * Prometheus remote-write URL every interval, and once more with the final snapshot when the run
 * ends. Pushes go one at a time, in order. A failing push is reported once per distinct error
 * and never fails the run: the load test's figures matter more than their export.
 */
import type { LiveSnapshot } from '../core/live-snapshot.js';
import { encodeWriteRequest, k6RemoteSeries, type RemoteContext } from '../reporters/k6-remote-series.js';

/** PUSH_TIMEOUT_MS bounds one push, so a stuck receiver cannot hold the end of the run for long. */
const PUSH_TIMEOUT_MS = 10_000;

export class RemoteWritePusher {
  private readonly url: string;
  private readonly context: RemoteContext;
  private readonly warn: (line: string) => void;
  private readonly timer: NodeJS.Timeout;
  private readonly reported: Set<string>;
  private latest: LiveSnapshot | null;
  private pushed: LiveSnapshot | null;
  private chain: Promise<void>;

  constructor(url: string, intervalMs: number, context: RemoteContext, warn: (line: string) => void) {
    this.url = url;
    this.context = context;
    this.warn = warn;
    this.reported = new Set();
    this.latest = null;
    this.pushed = null;
    this.chain = Promise.resolve();
    this.timer = setInterval(() => this.pushLatest(), intervalMs);
  }

  update(s: LiveSnapshot): void {
    this.latest = s;
  }

  /** finish stops the interval and pushes the final snapshot (waiting for earlier pushes first). */
  async finish(): Promise<void> {
    clearInterval(this.timer);
    this.pushLatest();
    await this.chain;
  }

  private pushLatest(): void {
    const s = this.latest;
    if (s === null || s === this.pushed) return;
    this.pushed = s;
    this.chain = this.chain.then(() => this.push(s));
  }

  private async push(s: LiveSnapshot): Promise<void> {
    const body = encodeWriteRequest(k6RemoteSeries(s, this.context), Date.now());
    try {
      const res = await fetch(this.url, {
        method: 'POST',
        headers: {
          'Content-Encoding': 'snappy',
          'Content-Type': 'application/x-protobuf',
          'X-Prometheus-Remote-Write-Version': '0.1.0',
          'User-Agent': 'loadgen',
        },
        // The DOM typings want an ArrayBuffer-backed view; protobufjs' Uint8Array is one at run time.
        body: body as Uint8Array<ArrayBuffer>,
        signal: AbortSignal.timeout(PUSH_TIMEOUT_MS),
      });
      const text = await res.text();
      if (!res.ok) this.report(`HTTP ${res.status}${text === '' ? '' : `: ${text.trim().slice(0, 200)}`}`);
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      this.report(e.cause?.code ?? e.cause?.message ?? e.message);
    }
  }

  private report(error: string): void {
    if (this.reported.has(error)) return;
    this.reported.add(error);
    this.warn(`loadgen: remote write to ${this.url} failed: ${error} (the run goes on)`);
  }
}
