/**
 * The lean gRPC client's HTTP/2 layer against real node:http2 (nghttp2) servers set up to do what
 * real gRPC servers and proxies do now and then: padding, PINGs, tight flow-control windows,
 * stream limits, GOAWAY, RST_STREAM, trailers-only answers, big header blocks.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { constants, createServer, type Http2Server, type IncomingHttpHeaders, type ServerHttp2Stream } from 'node:http2';
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { frameMessage } from '../../../src/transports/grpc/grpc-wire.js';
import { HttpExchange, type GrpcTarget } from '../../../src/transports/exchange.js';
import { H2GrpcTransport } from '../../../src/transports/grpc/h2-grpc-transport.js';
import { TimeoutError } from '../../../src/transports/transport-errors.js';
import { freePort } from '../../helpers/ports.js';
import { makeCert } from '../../helpers/tls.js';

type Handler = (stream: ServerHttp2Stream, headers: IncomingHttpHeaders, body: Buffer) => void;

const servers: Http2Server[] = [];
after(() => Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r())))));

async function serve(options: Parameters<typeof createServer>[0], handler: Handler): Promise<{ server: Http2Server; authority: string }> {
  const server = createServer(options ?? {});
  server.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => handler(stream, headers, Buffer.concat(chunks)));
    stream.on('error', () => {});
  });
  server.on('sessionError', () => {});
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { server, authority: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** reply answers as a gRPC server does: headers, one message, then grpc-status in trailers. */
function reply(stream: ServerHttp2Stream, message: Buffer, status = 0): void {
  if (stream.destroyed) return;
  stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
  stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': String(status) }));
  stream.end(frameMessage(message));
}

function transport(authority: string, connections = 1): H2GrpcTransport {
  return new H2GrpcTransport({ authority, connections, tls: null, maxRecvBytes: 64 << 20, stream: null });
}

/** call makes one unary call and resolves with its ended exchange. */
function call(t: H2GrpcTransport, message: Buffer, extra: Record<string, string> = {}, path = '/pkg.Svc/Method'): Promise<HttpExchange> & { x: HttpExchange } {
  let x!: HttpExchange;
  const done = new Promise<HttpExchange>((resolve) => {
    x = new HttpExchange({ onExchangeEnd: resolve });
    x.capture = true;
    const frame = frameMessage(message);
    const target: GrpcTarget = {
      kind: 'grpc',
      transport: t,
      headers: { ':method': 'POST', ':path': path, 'content-type': 'application/grpc', te: 'trailers', ...extra },
      frame,
      method: 'POST',
      url: path,
      bytesOut: frame.length,
      check: null,
    };
    x.target = target;
    t.dispatch(x);
  });
  return Object.assign(done, { x });
}

const body = (x: HttpExchange): Buffer => Buffer.concat(x.chunks ?? []);

test('padded HEADERS and DATA frames and server PINGs: every call completes with its echo', async () => {
  const { server, authority } = await serve({ paddingStrategy: constants.PADDING_STRATEGY_MAX }, (stream, headers, req) => {
    assert.equal(headers['x-tag'], 'a');
    reply(stream, req.subarray(5));
  });
  server.on('session', (s) => {
    const timer = setInterval(() => s.destroyed || s.closed || s.ping(() => {}), 2);
    s.on('close', () => clearInterval(timer));
  });
  const t = transport(authority);
  const calls = Array.from({ length: 200 }, (_v, i) => call(t, Buffer.from(`message ${i}`), { 'x-tag': 'a' }));
  const done = await Promise.all(calls);
  for (const [i, x] of done.entries()) {
    assert.equal(x.statusCode, 0, x.statusText);
    assert.equal(body(x).subarray(5).toString(), `message ${i}`);
  }
  await t.close();
});

test('flow control both ways: 1 MiB requests past a 64 KiB window, 20 MiB responses past our 16 MiB', async () => {
  const big = Buffer.alloc(20 << 20, 7);
  const { authority } = await serve({}, (stream, _h, req) => {
    assert.equal(req.length, (1 << 20) + 5);
    reply(stream, big);
  });
  const t = transport(authority);
  const done = await Promise.all([1, 2, 3].map(() => call(t, Buffer.alloc(1 << 20, 1))));
  for (const x of done) {
    assert.equal(x.statusCode, 0, x.statusText);
    assert.equal(x.bodyBytes, big.length + 5);
  }
  await t.close();
});

test('the server\'s SETTINGS_MAX_CONCURRENT_STREAMS is kept: calls wait for a free stream', async () => {
  let open = 0;
  let most = 0;
  const { authority } = await serve({ settings: { maxConcurrentStreams: 2 } }, (stream, _h, req) => {
    open++;
    most = Math.max(most, open);
    setTimeout(() => {
      open--;
      reply(stream, req.subarray(5));
    }, 10);
  });
  const t = transport(authority);
  await t.preconnect();
  const done = await Promise.all(Array.from({ length: 30 }, () => call(t, Buffer.from('x'))));
  assert.deepEqual(new Set(done.map((x) => x.statusCode)), new Set([0]));
  assert.equal(most, 2);
  await t.close();
});

test('GOAWAY: streams the server never took end Unavailable; later calls go on a new connection', async () => {
  let sessions = 0;
  const held: Array<{ stream: ServerHttp2Stream; req: Buffer }> = [];
  const { server, authority } = await serve({}, (stream, _h, req) => {
    if (sessions > 1) return reply(stream, req.subarray(5));
    held.push({ stream, req });
    if (held.length < 3) return;
    // Keep the first stream, refuse the two after it.
    const first = held[0];
    stream.session!.goaway(constants.NGHTTP2_NO_ERROR, first.stream.id!);
    reply(first.stream, first.req.subarray(5));
  });
  server.on('session', () => sessions++);
  const t = transport(authority);
  const first = await Promise.all([1, 2, 3].map((i) => call(t, Buffer.from(`m${i}`))));
  assert.deepEqual(first.map((x) => x.statusCode), [0, 14, 14]);
  assert.match(first[1].statusText, /went away/);
  const later = await call(t, Buffer.from('later'));
  assert.equal(later.statusCode, 0, later.statusText);
  assert.equal(sessions, 2);
  await t.close();
});

test('RST_STREAM, trailers-only answers, non-200 statuses and missing trailers map as grpc-go maps them', async () => {
  const { authority } = await serve({}, (stream, headers, req) => {
    switch (headers[':path']) {
      case '/refused':
        return stream.close(constants.NGHTTP2_REFUSED_STREAM);
      case '/internal':
        return stream.close(constants.NGHTTP2_INTERNAL_ERROR);
      case '/not-found':
        return stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '5', 'grpc-message': 'no%20such%20model' }, { endStream: true });
      case '/503':
        return stream.respond({ ':status': 503 }, { endStream: true });
      case '/no-trailers':
        stream.respond({ ':status': 200, 'content-type': 'application/grpc' });
        return stream.end(frameMessage(req.subarray(5)));
      default:
        return reply(stream, req.subarray(5));
    }
  });
  const t = transport(authority);
  const outcome = async (path: string): Promise<[number, string]> => {
    const x = await call(t, Buffer.from('m'), {}, path);
    return [x.statusCode, x.statusText];
  };
  assert.deepEqual(await outcome('/refused'), [14, 'stream terminated by RST_STREAM with error code: REFUSED_STREAM']);
  assert.deepEqual(await outcome('/internal'), [13, 'stream terminated by RST_STREAM with error code: INTERNAL_ERROR']);
  assert.deepEqual(await outcome('/not-found'), [5, 'no such model']);
  assert.deepEqual(await outcome('/503'), [14, 'unexpected HTTP status code received from server: 503']);
  assert.deepEqual(await outcome('/no-trailers'), [13, 'server closed the stream without sending trailers']);
  assert.deepEqual(await outcome('/ok'), [0, '']);
  await t.close();
});

test('a header block larger than a frame goes out as HEADERS + CONTINUATION', async () => {
  const value = 'v'.repeat(40_000);
  const { authority } = await serve({ settings: { maxHeaderListSize: 1 << 20 }, maxSessionMemory: 64 }, (stream, headers, req) => {
    assert.equal(headers['x-big'], value);
    reply(stream, req.subarray(5));
  });
  const t = transport(authority);
  const x = await call(t, Buffer.from('m'), { 'x-big': value });
  assert.equal(x.statusCode, 0, x.statusText);
  await t.close();
});

test('a deadline cancels the stream (RST_STREAM CANCEL) and the connection carries on', async () => {
  let cancelled = 0;
  const { authority } = await serve({}, (stream, headers, req) => {
    if (headers[':path'] === '/slow') {
      stream.on('close', () => (cancelled += stream.rstCode === constants.NGHTTP2_CANCEL ? 1 : 0));
      return;
    }
    reply(stream, req.subarray(5));
  });
  const t = transport(authority);
  const slow = call(t, Buffer.from('m'), {}, '/slow');
  setTimeout(() => slow.x.abort(new TimeoutError('deadline')), 50);
  const x = await slow;
  assert.deepEqual([x.statusCode, x.statusText], [4, 'context deadline exceeded']);
  const next = await call(t, Buffer.from('m'));
  assert.equal(next.statusCode, 0, next.statusText);
  assert.equal(cancelled, 1);
  await t.close();
});

test('connection refused: Unavailable with grpc-go\'s words', async () => {
  const port = await freePort();
  const t = transport(`http://127.0.0.1:${port}`);
  const x = await call(t, Buffer.from('m'));
  assert.deepEqual([x.statusCode, x.statusText], [14, `connection error: dial tcp 127.0.0.1:${port}: connect: connection refused`]);
  await t.close();
});

test('TLS to a server that only speaks HTTP/1.1: Unavailable, saying ALPN chose no HTTP/2', async () => {
  const { cert, key } = makeCert();
  const https = createHttpsServer({ cert: readFileSync(cert), key: readFileSync(key), ALPNProtocols: ['http/1.1'] }, (_req, res) => res.end());
  await new Promise<void>((r) => https.listen(0, '127.0.0.1', r));
  const port = (https.address() as AddressInfo).port;
  const t = new H2GrpcTransport({ authority: `https://127.0.0.1:${port}`, connections: 1, tls: { rejectUnauthorized: false }, maxRecvBytes: 1 << 20, stream: null });
  const x = await call(t, Buffer.from('m'));
  assert.equal(x.statusCode, 14);
  assert.match(x.statusText, /^connection error: the server did not agree to HTTP\/2 by ALPN/);
  await t.close();
  https.closeAllConnections();
  await new Promise<void>((r) => https.close(() => r()));
});
