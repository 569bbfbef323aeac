/**
 * The lean HTTP/1.1 pool closes connections a burst opened once they stay idle, and keeps the
 * preconnected ones: what keeps a long open-loop run's memory from holding every connection a
 * stall ever made. Against a real local server that counts its open sockets; the sweeps are
 * called by hand instead of waited for.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { HttpExchange, type HttpTarget } from '../../../src/transports/exchange.js';
import { H1Transport, IDLE_CLOSE_SWEEPS, type OriginPool } from '../../../src/transports/h1/h1-transport.js';
import { until } from '../../helpers/until.js';

const open = new Set<Socket>();
let accepted = 0;
const server: Server = createServer((_req, res) => res.end('ok'));
server.on('connection', (s: Socket) => {
  accepted++;
  open.add(s);
  s.on('close', () => open.delete(s));
});
after(() => new Promise((r) => server.close(r)));

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

test('connections a burst opened close after IDLE_CLOSE_SWEEPS idle sweeps, down to the preconnected ones, which keep serving', async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const transport = new H1Transport(0, 1, false, 0);
  const pool = transport.poolFor(`http://127.0.0.1:${port}`);
  after(() => transport.close());
  await transport.preconnect(2);
  const t = target(pool, port);
  const ok6 = [200, 200, 200, 200, 200, 200];
  assert.deepEqual(await burst(t, 6), ok6);
  assert.equal(accepted, 6, 'the 2 preconnected and 4 opened for the burst');
  for (let i = 0; i < IDLE_CLOSE_SWEEPS; i++) pool.sweep();
  assert.deepEqual(await burst(t, 6), ok6);
  assert.equal(accepted, 6, 'nothing closed before IDLE_CLOSE_SWEEPS idle sweeps: the same 6 served again');
  for (let i = 0; i <= IDLE_CLOSE_SWEEPS; i++) pool.sweep();
  await until(() => open.size === 2);
  for (let i = 0; i < 3 * IDLE_CLOSE_SWEEPS; i++) pool.sweep();
  assert.equal(open.size, 2, 'the preconnected connections stay however idle');
  const before = accepted;
  assert.deepEqual(await burst(t, 2), [200, 200]);
  assert.equal(accepted, before, 'the kept connections serve the next requests');
});
