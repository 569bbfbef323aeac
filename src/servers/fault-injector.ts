/**
 * FaultInjector applies the reference server's current HTTP faults (http-faults.ts) ahead of its
 * routes, and serves the admin route that changes them while a test runs:
 *
 *   GET    /_loadgen/faults   the current faults and how many requests each one took
 *   POST   /_loadgen/faults   replace them with the body's fault texts (empty body: none)
 *   DELETE /_loadgen/faults   no faults
 *
 * The admin route itself is never faulted. Stalled answers and trickles in progress end when the
 * server closes, so close() never waits for a client's timeout.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { UsageError } from '../core/errors.js';
import { formatHttpFault, parseHttpFaults, type HttpFault, type HttpFaultKind } from './http-faults.js';

/** FAULTS_PATH is the admin route that reads and changes the faults at run time. */
export const FAULTS_PATH = '/_loadgen/faults';

/** TRICKLE_CHUNKS is how many body chunks a trickled answer sends, one per interval. */
const TRICKLE_CHUNKS = 10;
const TRICKLE_CHUNK = Buffer.from('{"trickle":"................................"}\n');
const RESET_BODY = Buffer.alloc(1024, 0x61);

export class FaultInjector {
  private faults: readonly HttpFault[];
  private closeAfter: number;
  private refuse: boolean;
  /** counts are the requests (connections, for refuse) each kind of fault took since the last change. */
  private counts: Partial<Record<HttpFaultKind, number>>;
  private readonly served: WeakMap<Socket, number>;
  /** held are the sockets of stalled and trickling answers, destroyed on close. */
  private readonly held: Set<Socket>;
  private readonly random: () => number;
  private hugeBody: Buffer;

  constructor(faults: readonly HttpFault[], random: () => number) {
    this.faults = [];
    this.closeAfter = 0;
    this.refuse = false;
    this.counts = {};
    this.served = new WeakMap();
    this.held = new Set();
    this.random = random;
    this.hugeBody = Buffer.alloc(0);
    this.set(faults);
  }

  /** set replaces the faults and resets the counts. */
  set(faults: readonly HttpFault[]): void {
    this.faults = faults.filter((f) => 'share' in f);
    this.closeAfter = 0;
    this.refuse = false;
    for (const f of faults) {
      if (f.kind === 'close-after') this.closeAfter = f.requests;
      if (f.kind === 'refuse') this.refuse = true;
    }
    this.counts = {};
  }

  /** onConnection resets a new connection at once while refusing. */
  onConnection(socket: Socket): void {
    if (!this.refuse) return;
    this.count('refuse');
    socket.resetAndDestroy();
  }

  /** take answers (or withholds the answer of) a request a fault applies to; false lets the routes answer. */
  take(req: IncomingMessage, res: ServerResponse): boolean {
    const socket = req.socket;
    if (this.closeAfter > 0) {
      const n = (this.served.get(socket) ?? 0) + 1;
      this.served.set(socket, n);
      if (n > this.closeAfter) {
        this.count('close-after');
        socket.destroy();
        return true;
      }
    }
    if (this.faults.length === 0) return false;
    const fault = this.draw();
    if (fault === null) return false;
    this.count(fault.kind);
    // Read the request to its end first, as a real server would before answering.
    req.resume();
    req.once('end', () => this.apply(fault, res, socket));
    return true;
  }

  /** admin serves FAULTS_PATH. */
  admin(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        if (req.method === 'POST') this.set(parseHttpFaults([Buffer.concat(chunks).toString('utf8')], 'faults'));
        else if (req.method === 'DELETE') this.set([]);
        else if (req.method !== 'GET') return answer(res, 405, { error: `${req.method} is not allowed on ${FAULTS_PATH}; use GET, POST or DELETE` });
        answer(res, 200, this.state());
      } catch (err) {
        if (!(err instanceof UsageError)) throw err;
        answer(res, 400, { error: err.message });
      }
    });
  }

  /** state is what GET answers: the faults as text and the counts. */
  state(): { faults: string[]; counts: Partial<Record<HttpFaultKind, number>> } {
    const all: HttpFault[] = [...this.faults];
    if (this.closeAfter > 0) all.push({ kind: 'close-after', requests: this.closeAfter });
    if (this.refuse) all.push({ kind: 'refuse' });
    return { faults: all.map(formatHttpFault), counts: { ...this.counts } };
  }

  /** close ends every held answer (stalls, trickles) by destroying its connection. */
  close(): void {
    for (const s of this.held) s.destroy();
    this.held.clear();
  }

  private draw(): HttpFault | null {
    const u = this.random();
    let edge = 0;
    for (const f of this.faults) {
      edge += 'share' in f ? f.share : 0;
      if (u < edge) return f;
    }
    return null;
  }

  private count(kind: HttpFaultKind): void {
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
  }

  private apply(f: HttpFault, res: ServerResponse, socket: Socket): void {
    switch (f.kind) {
      case 'status':
        return answer(res, f.status, { error: `injected ${f.status}` });
      case 'reset':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': RESET_BODY.length * 2 });
        res.write(RESET_BODY, () => socket.resetAndDestroy());
        return;
      case 'stall':
        return this.hold(socket);
      case 'trickle':
        return this.trickle(res, socket, f.everyNs / 1e6);
      case 'huge':
        if (this.hugeBody.length !== f.bytes) this.hugeBody = Buffer.alloc(f.bytes, 0x20);
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': f.bytes });
        res.end(this.hugeBody);
        return;
      default:
        return;
    }
  }

  private hold(socket: Socket): void {
    this.held.add(socket);
    socket.once('close', () => this.held.delete(socket));
  }

  private trickle(res: ServerResponse, socket: Socket, everyMs: number): void {
    this.hold(socket);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': TRICKLE_CHUNK.length * TRICKLE_CHUNKS });
    let sent = 0;
    const timer = setInterval(() => {
      if (socket.destroyed) return clearInterval(timer);
      res.write(TRICKLE_CHUNK);
      if (++sent < TRICKLE_CHUNKS) return;
      clearInterval(timer);
      res.end();
      this.held.delete(socket);
    }, everyMs);
    socket.once('close', () => clearInterval(timer));
  }
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  const buf = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': buf.length });
  res.end(buf);
}
