/**
 * The outcome a transport ends an exchange with, for real failures against real local servers:
 * one table of (what happened, transport) -> {protocol, code, errorKind, errorText}. HTTP through
 * the lean HTTP/1.1 client and undici alike, gRPC through the lean HTTP/2 client; the error texts
 * are the Go-worded ones the reports have always shown.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer } from 'node:net';
import { createServer as createH2Server, type Http2Server } from 'node:http2';
import { HttpExchange, type Checker, type GrpcTarget, type HttpTarget } from '../../src/transports/exchange.js';
import type { Transport } from '../../src/transports/transport.js';
import { H1Transport } from '../../src/transports/h1/h1-transport.js';
import { UndiciTransport } from '../../src/transports/undici-transport.js';
import { H2GrpcTransport } from '../../src/transports/grpc/h2-grpc-transport.js';
import { frameMessage } from '../../src/transports/grpc/grpc-wire.js';
import { TimeoutError } from '../../src/transports/transport-errors.js';
import type { Outcome } from '../../src/core/outcome.js';
import type { HttpOptions } from '../../src/plan/plan.js';
import { ns } from '../../src/core/units.js';
import { freePort } from '../helpers/ports.js';

type Seen = Pick<Outcome, 'protocol' | 'code' | 'errorKind' | 'errorText'>;

const closers: Array<() => Promise<unknown>> = [];
after(() => Promise.all(closers.map((c) => c())));

function listen<S extends HttpServer | NetServer | Http2Server>(server: S): Promise<number> {
  closers.push(() => new Promise((r) => server.close(r)));
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r((server.address() as AddressInfo).port)));
}

/** end resolves with the outcome of one exchange, run to its end (and through its check). */
function end(target: HttpTarget | GrpcTarget, abortAfterMs = 0): Promise<Seen> {
  return new Promise((resolve) => {
    const x = new HttpExchange({
      onExchangeEnd: (done) => {
        done.runCheck();
        resolve({ protocol: done.protocol, code: done.code, errorKind: done.errorKind, errorText: done.errorText });
      },
    });
    x.target = target;
    x.capture = target.check !== null;
    target.transport.dispatch(x);
    if (abortAfterMs > 0) setTimeout(() => x.abort(new TimeoutError('request timeout')), abortAfterMs);
  });
}

function httpTarget(transport: Transport, port: number, path: string, check: Checker | null = null): HttpTarget {
  const origin = `http://127.0.0.1:${port}`;
  return {
    kind: 'http',
    transport,
    options: { origin, path, method: 'GET', headers: [] },
    wire: { head: Buffer.from(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`, 'latin1'), tail: null, expectsBody: true },
    method: 'GET',
    url: origin + path,
    bytesOut: 0,
    perRequest: null,
    check,
  };
}

function grpcTarget(transport: Transport, path: string): GrpcTarget {
  const frame = frameMessage(Buffer.from('hi'));
  return {
    kind: 'grpc',
    transport,
    headers: { ':path': path, 'content-type': 'application/grpc', te: 'trailers' },
    frame,
    method: 'POST',
    url: path,
    bytesOut: frame.length,
    check: null,
  };
}

const HTTP_OPTIONS: HttpOptions = {
  connections: 0,
  pipelining: 1,
  http2: false,
  h2c: false,
  timeoutNs: ns(0),
  client: 'undici',
  maxBody: -1,
  tls: { insecure: false, cert: null, key: null, ca: null },
};

const expectsOutputs: Checker = (_status, _headers, body) => (body.toString().includes('"outputs"') ? null : 'check: no outputs');

describe('outcomes of real failures', () => {
  let closed = 0;
  let http = 0;
  let resetting = 0;
  let closing = 0;
  let grpc = 0;

  before(async () => {
    closed = await freePort();
    http = await listen(
      createHttpServer((req, res) => {
        if (req.url === '/slow') return; // never answers
        if (req.url === '/busy') res.writeHead(503).end();
        else res.writeHead(200, { 'content-type': 'application/json' }).end(req.url === '/ok' ? '{"outputs":[]}' : '{}');
      }),
    );
    resetting = await listen(createNetServer((s) => s.once('data', () => s.resetAndDestroy())));
    closing = await listen(createNetServer((s) => s.once('data', () => s.end())));
    const h2 = createH2Server();
    h2.on('stream', (stream, headers) => {
      stream.on('data', () => {});
      stream.on('end', () => {
        if (headers[':path'] === '/pkg.Svc/Slow') return;
        stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
        const failing = headers[':path'] === '/pkg.Svc/Fail';
        stream.on('wantTrailers', () => stream.sendTrailers(failing ? { 'grpc-status': '14', 'grpc-message': 'overloaded' } : { 'grpc-status': '0' }));
        stream.end(failing ? undefined : frameMessage(Buffer.from('ok')));
      });
      stream.on('error', () => {});
    });
    grpc = await listen(h2);
  });

  const lean = new H1Transport(0, 1, true);
  const undici = new UndiciTransport(HTTP_OPTIONS, 0);
  const grpcClients: H2GrpcTransport[] = [];
  const grpcClient = (port: number): H2GrpcTransport => {
    const t = new H2GrpcTransport({ authority: `http://127.0.0.1:${port}`, connections: 1, tls: null, maxRecvBytes: 1 << 20, stream: null });
    grpcClients.push(t);
    return t;
  };
  after(() => Promise.all([lean.close(), undici.close(), ...grpcClients.map((t) => t.close())]));

  for (const [client, transportFor] of [
    ['lean HTTP/1.1', (port: number) => lean.poolFor(`http://127.0.0.1:${port}`)],
    ['undici', () => undici],
  ] as const) {
    it(`HTTP over ${client}: refused, reset, closed, timeout, status, check, success`, async () => {
      const url = (port: number, path = '/') => `http://127.0.0.1:${port}${path}`;
      const table: Array<[what: string, target: HttpTarget, abortMs: number, want: Seen]> = [
        ['a closed port', httpTarget(transportFor(closed), closed, '/'), 0,
          { protocol: 'http', code: 0, errorKind: 'refused', errorText: `Get "${url(closed)}": dial tcp 127.0.0.1:${closed}: connect: connection refused` }],
        ['a server that resets', httpTarget(transportFor(resetting), resetting, '/'), 0,
          { protocol: 'http', code: 0, errorKind: 'reset', errorText: `Get "${url(resetting)}": read: connection reset by peer` }],
        ['a server that closes', httpTarget(transportFor(closing), closing, '/'), 0,
          { protocol: 'http', code: 0, errorKind: 'closed', errorText: `Get "${url(closing)}": EOF` }],
        ['a timeout', httpTarget(transportFor(http), http, '/slow'), 50,
          { protocol: 'http', code: 0, errorKind: 'timeout', errorText: `Get "${url(http, '/slow')}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` }],
        ['a 503', httpTarget(transportFor(http), http, '/busy'), 0,
          { protocol: 'http', code: 503, errorKind: 'status', errorText: '503 Service Unavailable' }],
        ['a failed check', httpTarget(transportFor(http), http, '/bad', expectsOutputs), 0,
          { protocol: 'http', code: 200, errorKind: 'check', errorText: 'check: no outputs' }],
        ['a good answer', httpTarget(transportFor(http), http, '/ok', expectsOutputs), 0,
          { protocol: 'http', code: 200, errorKind: null, errorText: '' }],
      ];
      for (const [what, target, abortMs, want] of table) assert.deepEqual(await end(target, abortMs), want, what);
    });
  }

  it('gRPC over the lean HTTP/2 client: refused, timeout, status, OK', async () => {
    const table: Array<[what: string, target: GrpcTarget, abortMs: number, want: Seen]> = [
      ['a closed port', grpcTarget(grpcClient(closed), '/pkg.Svc/M'), 0,
        { protocol: 'grpc', code: 14, errorKind: 'refused', errorText: `rpc error: code = Unavailable desc = connection error: dial tcp 127.0.0.1:${closed}: connect: connection refused` }],
      ['a timeout', grpcTarget(grpcClient(grpc), '/pkg.Svc/Slow'), 50,
        { protocol: 'grpc', code: 4, errorKind: 'timeout', errorText: 'rpc error: code = DeadlineExceeded desc = context deadline exceeded' }],
      ['an error status', grpcTarget(grpcClient(grpc), '/pkg.Svc/Fail'), 0,
        { protocol: 'grpc', code: 14, errorKind: 'status', errorText: 'rpc error: code = Unavailable desc = overloaded' }],
      ['OK', grpcTarget(grpcClient(grpc), '/pkg.Svc/M'), 0, { protocol: 'grpc', code: 0, errorKind: null, errorText: '' }],
    ];
    for (const [what, target, abortMs, want] of table) assert.deepEqual(await end(target, abortMs), want, what);
  });
});
