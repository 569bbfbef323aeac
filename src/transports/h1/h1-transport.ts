/**
 * H1Transport is the lean HTTP/1.1 client for plain http:// targets: a keep-alive connection pool
 * per origin over node:net, requests written as bytes prepared once (one write per request, on
 * the spot), responses read by a small parser. It adds about wrk's latency where undici adds more,
 * and is faster per core (bench/README.md). Connections are opened as needed up to the cap; with
 * every connection busy at the cap, requests wait in a FIFO queue.
 */
import type { ExchangeOwner, HttpExchange } from '../exchange.js';
import type { Transport } from '../transport.js';
import { H1Connection, type ConnectionHost } from './h1-connection.js';
import { WaitingQueue } from './waiting-queue.js';

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

  constructor(origin: URL, maxConnections: number, pipelining: number, captureHeaders: boolean) {
    this.hostname = origin.hostname.replace(/^\[|\]$/g, '');
    this.port = Number(origin.port || 80);
    this.maxConnections = maxConnections;
    this.pipelining = pipelining;
    this.captureHeaders = captureHeaders;
    this.connections = new Set();
    this.idle = [];
    this.waiting = new WaitingQueue();
  }

  /**
   * preconnect opens up to n connections before the run starts, as wrk does, so the first
   * requests do not pay for connection setup and the schedule starts on time.
   */
  async preconnect(n: number): Promise<void> {
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
    if (c !== null) c.send(x);
    else {
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
    for (const c of [...this.connections]) c.close(new Error('transport closed'));
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

/** H1Transport makes one OriginPool per origin. */
export class H1Transport {
  private readonly pools: Map<string, OriginPool>;
  private readonly connections: number;
  private readonly pipelining: number;
  private readonly captureHeaders: boolean;

  /** connections caps connections per origin (0 = as needed); captureHeaders keeps raw headers. */
  constructor(connections: number, pipelining: number, captureHeaders: boolean) {
    this.pools = new Map();
    this.connections = connections;
    this.pipelining = Math.max(1, pipelining);
    this.captureHeaders = captureHeaders;
  }

  /** poolFor returns the origin's pool, made on first use; targets keep it, so no lookup per request. */
  poolFor(origin: string): OriginPool {
    let pool = this.pools.get(origin);
    if (pool === undefined) {
      pool = new OriginPool(new URL(origin), this.connections, this.pipelining, this.captureHeaders);
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
