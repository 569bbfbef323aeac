/**
 * liveView shows a run on stderr as it goes. On a terminal: the live panel (livePanel), redrawn
 * in place a few times a second with the elapsed time ticking between snapshots, and cleared at
 * the end so the report prints on a clean screen. Off a terminal (CI, containers): one
 * liveLogLine every --log-every. With --quiet: nothing.
 */
import { performance } from 'node:perf_hooks';
import type { LiveSnapshot } from '../core/live-snapshot.js';
import type { WatchPlan } from '../plan/plan.js';
import { liveLogLine, livePanel } from '../reporters/live-panel.js';

/** REDRAW_EVERY_MS is how often the panel is redrawn on a terminal. */
const REDRAW_EVERY_MS = 250;

export interface LiveView {
  update(s: LiveSnapshot, final: boolean): void;
  end(): void;
}

export function liveView(watch: WatchPlan, title: string, stream: NodeJS.WriteStream = process.stderr): LiveView {
  if (watch.quiet) return { update() {}, end() {} };
  return stream.isTTY === true ? new TerminalPanel(stream, title) : new LogLines(stream, watch.logEveryNs);
}

/** TerminalPanel redraws the panel's lines over the previous drawing (cursor up, clear to the end). */
class TerminalPanel implements LiveView {
  private readonly stream: NodeJS.WriteStream;
  private readonly title: string;
  private readonly timer: NodeJS.Timeout;
  private latest: LiveSnapshot | null;
  private latestAtMs: number;
  private drawn: number;

  constructor(stream: NodeJS.WriteStream, title: string) {
    this.stream = stream;
    this.title = title;
    this.latest = null;
    this.latestAtMs = 0;
    this.drawn = 0;
    this.timer = setInterval(() => this.draw(), REDRAW_EVERY_MS);
    this.timer.unref();
  }

  update(s: LiveSnapshot, final: boolean): void {
    if (final) return;
    this.latest = s;
    this.latestAtMs = performance.now();
    this.draw();
  }

  end(): void {
    clearInterval(this.timer);
    if (this.drawn > 0) this.stream.write(`\x1b[${this.drawn}A\r\x1b[J`);
    this.drawn = 0;
  }

  private draw(): void {
    const s = this.latest;
    if (s === null) return;
    // The elapsed time and bar tick on between snapshots; the figures stay those of the snapshot.
    const ahead = (performance.now() - this.latestAtMs) * 1e6;
    const elapsedNs = s.totalNs > 0 ? Math.min(s.totalNs, s.elapsedNs + ahead) : s.elapsedNs + ahead;
    // A terminal that reports no size (columns 0) gets the lines whole.
    const columns = this.stream.columns ?? 0;
    const width = columns > 0 ? Math.max(20, columns - 1) : Infinity;
    // A line wider than the terminal would wrap and break the cursor-up count, so it is cut.
    const lines = livePanel({ ...s, elapsedNs }, { title: this.title }).map((l) => l.slice(0, width));
    const up = this.drawn > 0 ? `\x1b[${this.drawn}A\r` : '';
    this.stream.write(`${up}\x1b[J${lines.join('\n')}\n`);
    this.drawn = lines.length;
  }
}

/** LogLines writes one line per --log-every of elapsed time. */
class LogLines implements LiveView {
  private readonly stream: NodeJS.WriteStream;
  private readonly everyNs: number;
  private nextNs: number;

  constructor(stream: NodeJS.WriteStream, everyNs: number) {
    this.stream = stream;
    this.everyNs = everyNs;
    this.nextNs = everyNs;
  }

  update(s: LiveSnapshot, final: boolean): void {
    // Snapshots come about once a second, so a line is due at the first one past each multiple.
    if (final || s.elapsedNs < this.nextNs - 100e6) return;
    this.nextNs = (Math.floor((s.elapsedNs + 100e6) / this.everyNs) + 1) * this.everyNs;
    this.stream.write(`loadgen: ${liveLogLine(s)}\n`);
  }

  end(): void {}
}
