/**
 * The lean HTTP/1.1 pool closes connections a burst opened once they stay idle and the last
 * minute saw no burst as big, and keeps the preconnected ones: what keeps a long open-loop run's
 * memory from holding every connection a stall ever made, without opening new ones for every
 * burst. Against real local servers that count their sockets; the sweeps are called by hand
 * instead of waited for.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { HttpExchange, type HttpTarget } from '../../../src/transports/exchange.js';
import { H1Transport, IDLE_CLOSE_SWEEPS, PEAK_WINDOW_SWEEPS, type OriginPool } from '../../../src/transports/h1/h1-transport.js';
import { until } from '../../helpers/until.js';

/** Counted is a real local server that counts the connections it accepted and holds open. */
interface Counted {
  readonly open: Set<Socket>;
  accepted: number;
  readonly port: number;
}

async function countingServer(): Promise<Counted> {
  const server: Server = createServer((_req, res) => res.end('ok'));
  const c = { open: new Set<Socket>(), accepted: 0, port: 0 };
  server.on('connection', (s: Socket) => {
    c.accepted++;
    c.open.add(s);
    s.on('close', () => c.open.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  after(() => {
    server.closeAllConnections();
    return new Promise((r) => server.close(r));
  });
  c.port = (server.address() as AddressInfo).port;
  return c;
}

function target(pool: OriginPool, port: number): HttpTarget {
  const origin = `http://127.0.0.1:${port}`;
  return {
    kind: 'http',
    transport: pool,
    options: { origin, path: '/', method: 'GET', headers: [] },
    wire: { head: Buffer.from(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`, 'latin1'), tail: null, expectsBody: true },
    method: 'GET',
    url: `${origin}/`,
    bytesOut: 0,
    perRequest: null,
    check: null,
  };
}

/** burst dispatches n exchanges at once and resolves with their status codes. */
function burst(t: HttpTarget, n: number): Promise<number[]> {
  return Promise.all(
    Array.from({ length: n }, () =>
      new Promise<number>((resolve) => {
        const x = new HttpExchange({ onExchangeEnd: (done) => resolve(done.code) });
        x.target = t;
        x.capture = false;
        t.transport.dispatch(x);
      }),
    ),
  );
}

/** pool2 is a pool preconnected with 2 to a counting server of its own; the sweeps are left to the test. */
async function pool2(): Promise<{ pool: OriginPool; t: HttpTarget; srv: Counted }> {
  const srv = await countingServer();
  const transport = new H1Transport(0, 1, false, 0);
  const pool = transport.poolFor(`http://127.0.0.1:${srv.port}`);
  after(() => transport.close());
  await transport.preconnect(2);
  await until(() => srv.accepted === 2);
  return { pool, t: target(pool, srv.port), srv };
}

const ok = (n: number): number[] => Array.from({ length: n }, () => 200);

test('connections a burst opened stay for the window, then close after IDLE_CLOSE_SWEEPS idle sweeps, down to the preconnected ones, which keep serving', async () => {
  const { pool, t, srv } = await pool2();
  assert.deepEqual(await burst(t, 6), ok(6));
  assert.equal(srv.accepted, 6, 'the 2 preconnected and 4 opened for the burst');
  for (let i = 0; i < PEAK_WINDOW_SWEEPS - 1; i++) pool.sweep();
  assert.deepEqual(await burst(t, 6), ok(6));
  assert.equal(srv.accepted, 6, 'nothing closed within the window of the first burst: the same 6 served again');
  for (let i = 0; i <= PEAK_WINDOW_SWEEPS; i++) pool.sweep();
  await until(() => srv.open.size === 2);
  for (let i = 0; i < 3 * IDLE_CLOSE_SWEEPS; i++) pool.sweep();
  assert.equal(srv.open.size, 2, 'the preconnected connections stay however idle');
  const before = srv.accepted;
  assert.deepEqual(await burst(t, 2), ok(2));
  assert.equal(srv.accepted, before, 'the kept connections serve the next requests');
});

test('bursts that recur within the window reuse the connections; the pool shrinks to the biggest recent one', async () => {
  const { pool, t, srv } = await pool2();
  assert.deepEqual(await burst(t, 8), ok(8));
  const every = Math.floor(PEAK_WINDOW_SWEEPS / 4);
  for (let round = 0; round < 8; round++) {
    for (let i = 0; i < every; i++) pool.sweep();
    assert.deepEqual(await burst(t, 5), ok(5));
  }
  assert.equal(srv.accepted, 8, 'the 2 preconnected and 6 opened for the first burst were the only ones opened');
  await until(() => srv.open.size === 5);
  for (let i = 0; i < every; i++) pool.sweep();
  assert.equal(srv.open.size, 5, 'the 5 the recurring bursts use stay open');
});
