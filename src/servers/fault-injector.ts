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
 *
 * Over h2c (node:http2's compatibility API) the same faults apply per stream; the connection
 * faults (close-after, refuse, reset) act on the TCP connection under the session, so every stream
 * on it fails, as they would behind a real HTTP/2 server. goaway and rst-stream need h2c.
 */
import type { ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2Session, ServerHttp2Stream } from 'node:http2';
import type { Socket } from 'node:net';
import { UsageError } from '../core/errors.js';
import { answerJson as answer, serveFaultAdmin, type FaultRequest, type FaultResponse, type FaultSwitch } from './fault-admin.js';
import { formatHttpFault, H2_FAULT_KINDS, parseHttpFaults, type HttpFault, type HttpFaultKind } from './http-faults.js';
/** Held is what a held answer keeps open and close() destroys: the socket (HTTP/1.1) or the stream (h2c). */
type Held = Socket | ServerHttp2Stream;

/** FAULTS_PATH is the admin route that reads and changes the faults at run time. */
export const FAULTS_PATH = '/_loadgen/faults';

/** TRICKLE_CHUNKS is how many body chunks a trickled answer sends, one per interval. */
const TRICKLE_CHUNKS = 10;
const TRICKLE_CHUNK = Buffer.from('{"trickle":"................................"}\n');
const RESET_BODY = Buffer.alloc(1024, 0x61);

/** FaultInjector holds the current faults and applies them; one per listener. */
export class FaultInjector implements FaultSwitch {
  private faults: readonly HttpFault[];
  private closeAfter: number;
  private refuse: boolean;
  /** counts are the requests (connections, for refuse) each kind of fault took since the last change. */
  private counts: Partial<Record<HttpFaultKind, number>>;
  /** served counts the requests per connection: its socket (HTTP/1.1) or session (h2c). */
  private readonly served: WeakMap<Socket | Http2Session, number>;
  /** held are the sockets or streams of stalled and trickling answers, destroyed on close. */
  private readonly held: Set<Held>;
  private readonly random: () => number;
  private readonly h2c: boolean;
  private hugeBody: Buffer;

  /** h2c says the listener speaks HTTP/2, where goaway and rst-stream apply. */
  constructor(faults: readonly HttpFault[], random: () => number, h2c = false) {
    this.faults = [];
    this.closeAfter = 0;
    this.refuse = false;
    this.counts = {};
    this.served = new WeakMap();
    this.held = new Set();
    this.random = random;
    this.h2c = h2c;
    this.hugeBody = Buffer.alloc(0);
    this.set(faults);
  }

  /** set replaces the faults and resets the counts; an HTTP/2 fault on an HTTP/1.1 listener throws a UsageError. */
  set(faults: readonly HttpFault[]): void {
    const h2Only = faults.find((f) => H2_FAULT_KINDS.has(f.kind));
    if (!this.h2c && h2Only !== undefined) {
      throw new UsageError(`--fault: ${formatHttpFault(h2Only)} is an HTTP/2 fault; serve HTTP/2 with loadgen serve --h2c (and attack with --h2c)`);
    }
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
  take(req: FaultRequest, res: FaultResponse): boolean {
    if (this.closeAfter > 0 && this.closedAfter(req)) return true;
    if (this.faults.length === 0) return false;
    const fault = this.draw();
    if (fault === null) return false;
    this.count(fault.kind);
    // Read the request to its end first, as a real server would before answering.
    req.resume();
    req.once('end', () => this.apply(fault, req, res));
    return true;
  }

  /** admin serves FAULTS_PATH. */
  admin(req: FaultRequest, res: FaultResponse): void {
    serveFaultAdmin(req, res, FAULTS_PATH, this);
  }

  /** replace sets the faults parsed from text (the admin route's POST body). */
  replace(text: string): void {
    this.set(parseHttpFaults([text], 'faults'));
  }

  /** state is what GET answers: the faults as text and the counts. */
  state(): { faults: string[]; counts: Record<string, number> } {
    const all: HttpFault[] = [...this.faults];
    if (this.closeAfter > 0) all.push({ kind: 'close-after', requests: this.closeAfter });
    if (this.refuse) all.push({ kind: 'refuse' });
    return { faults: all.map(formatHttpFault), counts: { ...this.counts } };
  }

  /** close ends every held answer (stalls, trickles) by destroying its connection or stream. */
  close(): void {
    for (const s of this.held) s.destroy();
    this.held.clear();
  }

  /** closedAfter closes the request's connection, unanswered, once it has served closeAfter requests. */
  private closedAfter(req: FaultRequest): boolean {
    const conn = 'stream' in req ? req.stream.session : req.socket;
    if (conn === undefined) return true; // the session is gone: the stream is answered by nobody
    const n = (this.served.get(conn) ?? 0) + 1;
    this.served.set(conn, n);
    if (n <= this.closeAfter) return false;
    this.count('close-after');
    conn.destroy();
    return true;
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

  private apply(f: HttpFault, req: FaultRequest, res: FaultResponse): void {
    // A stream whose session went away meanwhile (another stream's GOAWAY) has nothing left to fault.
    if ('stream' in req && (req.stream.destroyed || req.stream.session === undefined)) return;
    const held: Held = 'stream' in req ? req.stream : req.socket;
    switch (f.kind) {
      case 'status':
        return answer(res, f.status, { error: `injected ${f.status}` });
      case 'reset':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': RESET_BODY.length * 2 });
        write(res, RESET_BODY, () => resetConnection(req));
        return;
      case 'stall':
        return this.hold(held);
      case 'trickle':
        return this.trickle(res, held, f.everyNs / 1e6);
      case 'huge':
        if (this.hugeBody.length !== f.bytes) this.hugeBody = Buffer.alloc(f.bytes, 0x20);
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': f.bytes });
        res.end(this.hugeBody);
        return;
      case 'goaway':
      case 'rst-stream':
        return h2Fault(f.kind, f.code, (req as Http2ServerRequest).stream);
      default:
        return;
    }
  }

  private hold(held: Held): void {
    this.held.add(held);
    held.once('close', () => this.held.delete(held));
  }

  private trickle(res: FaultResponse, held: Held, everyMs: number): void {
    this.hold(held);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': TRICKLE_CHUNK.length * TRICKLE_CHUNKS });
    let sent = 0;
    const timer = setInterval(() => {
      if (held.destroyed) return clearInterval(timer);
      write(res, TRICKLE_CHUNK);
      if (++sent < TRICKLE_CHUNKS) return;
      clearInterval(timer);
      res.end();
      this.held.delete(held);
    }, everyMs);
    held.once('close', () => clearInterval(timer));
  }
}

/** resetConnection resets the request's TCP connection (RST), unless it is gone already. */
function resetConnection(req: FaultRequest): void {
  if (!('stream' in req)) return void req.socket.resetAndDestroy();
  // Over h2c the session's socket is a proxy that passes resetAndDestroy on to the real one; a
  // session another fault ended meanwhile has none.
  const session = req.stream.session;
  if (session !== undefined && !session.destroyed) session.socket.resetAndDestroy();
}

/**
 * h2Fault ends an h2c stream without an answer: RST_STREAM with code, or GOAWAY with code naming
 * this stream the last one the server took, then the session closed, so every stream still in
 * flight on it fails too.
 */
function h2Fault(kind: 'goaway' | 'rst-stream', code: number, stream: ServerHttp2Stream): void {
  if (kind === 'rst-stream') return void stream.close(code);
  const session = stream.session;
  if (session === undefined || session.destroyed) return;
  session.goaway(code, stream.id ?? 0);
  // The code again: destroy sends a last GOAWAY of its own, NO_ERROR unless told.
  session.destroy(new Error(`injected GOAWAY ${code}`), code);
}

/** write is res.write for either response; their overloads differ only in forms not used here. */
function write(res: FaultResponse, chunk: Buffer, then?: () => void): void {
  (res as ServerResponse).write(chunk, then);
}
