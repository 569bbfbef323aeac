/**
 * H1Transport is the lean HTTP/1.1 client for plain http:// targets: a keep-alive connection pool
 * per origin over node:net, requests written as bytes prepared once (one write per request, on
 * the spot), responses read by a small parser. It adds about wrk's latency where undici adds more,
 * and is faster per core (bench/README.md). Connections are opened as needed up to the cap; with
 * every connection busy at the cap, requests wait in a FIFO queue. Connections idle for
 * IDLE_CLOSE_SWEEPS sweeps are closed while more are open than were preconnected and than were
 * busy at once in the last PEAK_WINDOW_SWEEPS sweeps: a burst (a stalled target, or a generator
 * stall that makes many hits due at once) opens connections that would otherwise hold their memory
 * for the rest of the run, and a pool that closed them after a few seconds, as undici does, opened
 * them again for the next burst (at 5k req/s, ~45 a minute whose sockets outlived two young
 * collections each and crept into the worker's old generation).
 */
import type { ExchangeOwner, HttpExchange } from '../exchange.js';
import type { Transport } from '../transport.js';
import { H1Connection, type ConnectionHost } from './h1-connection.js';
import { WaitingQueue } from './waiting-queue.js';

/** IDLE_SWEEP_MS is how often a pool looks for idle connections to close (ms). */
export const IDLE_SWEEP_MS = 1000;
/** IDLE_CLOSE_SWEEPS is how many sweeps in a row a connection is idle before it is closed (4-5 s). */
export const IDLE_CLOSE_SWEEPS = 4;
/** PEAK_WINDOW_SWEEPS is how many sweeps back the pool remembers its busiest moment (a minute). */
export const PEAK_WINDOW_SWEEPS = 60;
const REAPED = new Error('idle connection closed');

/** OriginPool is the connection pool of one origin; targets hold it as their transport. */
export class OriginPool implements ConnectionHost, ExchangeOwner, Transport {
  private readonly hostname: string;
  private readonly port: number;
  private readonly maxConnections: number;
  private readonly pipelining: number;
  private readonly captureHeaders: boolean;
  private readonly connections: Set<H1Connection>;
  /** idle is a stack of connections with room for another request. */
  private readonly idle: H1Connection[];
  private readonly waiting: WaitingQueue;
  /** keep is how many connections the sweep leaves open however idle (those preconnected). */
  private keep: number;
  /** busyPeak is the most connections busy at once since the last sweep; peaks the last sweeps' (a ring). */
  private busyPeak: number;
  private readonly peaks: Uint32Array;
  private peakAt: number;
  private readonly sweepMs: number;
  private sweeper: NodeJS.Timeout | null;

  /** sweepMs is the time between idle sweeps (0: none on a timer, sweep() is called by hand). */
  constructor(origin: URL, maxConnections: number, pipelining: number, captureHeaders: boolean, sweepMs = IDLE_SWEEP_MS) {
    this.hostname = origin.hostname.replace(/^\[|\]$/g, '');
    this.port = Number(origin.port || 80);
    this.maxConnections = maxConnections;
    this.pipelining = pipelining;
    this.captureHeaders = captureHeaders;
    this.connections = new Set();
    this.idle = [];
    this.waiting = new WaitingQueue();
    this.keep = 0;
    this.busyPeak = 0;
    this.peaks = new Uint32Array(PEAK_WINDOW_SWEEPS);
    this.peakAt = 0;
    this.sweepMs = sweepMs;
    this.sweeper = null;
  }

  /**
   * preconnect opens up to n connections before the run starts, as wrk does, so the first
   * requests do not pay for connection setup and the schedule starts on time.
   */
  async preconnect(n: number): Promise<void> {
    this.keep = Math.max(this.keep, n);
    const opened: H1Connection[] = [];
    for (let i = 0; i < n; i++) {
      const c = this.open();
      if (c === null) break;
      opened.push(c);
      this.makeIdle(c);
    }
    await Promise.all(opened.map((c) => c.settled));
  }

  dispatch(x: HttpExchange): void {
    const c = this.takeIdle() ?? this.open();
    if (c !== null) {
      c.send(x);
      const busy = this.busy();
      if (busy > this.busyPeak) this.busyPeak = busy;
    } else {
      x.owner = this;
      this.waiting.push(x);
    }
  }

  released(c: H1Connection): void {
    const next = this.waiting.take();
    if (next !== undefined) {
      next.owner = null;
      c.send(next);
    }
    this.makeIdle(c);
  }

  closed(c: H1Connection): void {
    this.connections.delete(c);
    const next = this.waiting.take();
    if (next !== undefined) {
      next.owner = null;
      this.dispatch(next);
    }
  }

  abortExchange(x: HttpExchange, err: Error): void {
    this.waiting.remove(x);
    x.owner = null;
    x.onError(err);
  }

  async close(): Promise<void> {
    if (this.sweeper !== null) clearInterval(this.sweeper);
    this.sweeper = null;
    for (const c of [...this.connections]) c.close(new Error('transport closed'));
  }

  /**
   * sweep ages the idle connections and closes those idle for more than IDLE_CLOSE_SWEEPS sweeps
   * while more are open than `keep` and than the window's busy peak, least recently used first
   * (the bottom of the idle stack).
   */
  sweep(): void {
    this.peaks[this.peakAt] = this.busyPeak;
    this.peakAt = (this.peakAt + 1) % PEAK_WINDOW_SWEEPS;
    this.busyPeak = this.busy();
    let need = this.keep;
    for (let i = 0; i < PEAK_WINDOW_SWEEPS; i++) if (this.peaks[i] > need) need = this.peaks[i];
    let excess = this.connections.size - need;
    const idle = this.idle;
    let kept = 0;
    for (let i = 0; i < idle.length; i++) {
      const c = idle[i];
      if (c.isClosed) continue;
      if (c.queue.length === 0 && ++c.idleSweeps > IDLE_CLOSE_SWEEPS && excess > 0) {
        excess--;
        c.inIdle = false;
        c.close(REAPED);
        continue;
      }
      idle[kept++] = c;
    }
    idle.length = kept;
  }

  /**
   * busy is how many connections are off the idle stack (a pipelined one with room stays on it:
   * not counted); never below 0, as the stack may still hold closed ones, dropped lazily.
   */
  private busy(): number {
    return Math.max(0, this.connections.size - this.idle.length);
  }

  private takeIdle(): H1Connection | null {
    const idle = this.idle;
    while (idle.length > 0) {
      const c = idle[idle.length - 1];
      if (c.isClosed || c.queue.length >= this.pipelining) {
        idle.pop();
        c.inIdle = false;
        continue;
      }
      if (c.queue.length + 1 >= this.pipelining) {
        idle.pop();
        c.inIdle = false;
      }
      return c;
    }
    return null;
  }

  private open(): H1Connection | null {
    if (this.maxConnections > 0 && this.connections.size >= this.maxConnections) return null;
    const c = new H1Connection(this.hostname, this.port, this, this.captureHeaders);
    this.connections.add(c);
    if (this.sweeper === null && this.sweepMs > 0) {
      this.sweeper = setInterval(onSweep, this.sweepMs, this);
      this.sweeper.unref();
    }
    // With pipelining the new connection can take more before its first answer.
    if (this.pipelining > 1) {
      c.inIdle = true;
      this.idle.push(c);
    }
    return c;
  }

  private makeIdle(c: H1Connection): void {
    if (!c.inIdle && !c.isClosed && c.queue.length < this.pipelining) {
      c.inIdle = true;
      this.idle.push(c);
    }
  }
}

function onSweep(pool: OriginPool): void {
  pool.sweep();
}

/** H1Transport makes one OriginPool per origin. */
export class H1Transport {
  private readonly pools: Map<string, OriginPool>;
  private readonly connections: number;
  private readonly pipelining: number;
  private readonly captureHeaders: boolean;
  private readonly sweepMs: number;

  /** connections caps connections per origin (0 = as needed); captureHeaders keeps raw headers; sweepMs as OriginPool's. */
  constructor(connections: number, pipelining: number, captureHeaders: boolean, sweepMs = IDLE_SWEEP_MS) {
    this.pools = new Map();
    this.sweepMs = sweepMs;
    this.connections = connections;
    this.pipelining = Math.max(1, pipelining);
    this.captureHeaders = captureHeaders;
  }

  /** poolFor returns the origin's pool, made on first use; targets keep it, so no lookup per request. */
  poolFor(origin: string): OriginPool {
    let pool = this.pools.get(origin);
    if (pool === undefined) {
      pool = new OriginPool(new URL(origin), this.connections, this.pipelining, this.captureHeaders, this.sweepMs);
      this.pools.set(origin, pool);
    }
    return pool;
  }

  /** preconnect opens connections to every origin in use: n each, capped by the connection limit. */
  async preconnect(n: number): Promise<void> {
    const count = this.connections > 0 ? Math.min(n, this.connections) : n;
    await Promise.all([...this.pools.values()].map((p) => p.preconnect(count)));
  }

  async close(): Promise<void> {
    for (const pool of this.pools.values()) await pool.close();
  }
}
