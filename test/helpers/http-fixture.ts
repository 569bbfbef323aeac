/**
 * startFixture runs a small HTTP server in the test process that counts what it receives and
 * answers as told (status, body, delay), for engine and CLI tests that need exact counts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FixtureBehaviour {
  status?: number;
  body?: string;
  delayMs?: number;
}

export interface Fixture {
  readonly url: string;
  readonly port: number;
  /** requests counts every request received. */
  requests: number;
  /** seqs holds the X-Vegeta-Seq values received, in arrival order. */
  readonly seqs: number[];
  readonly headers: IncomingMessage['headers'][];
  behaviour: FixtureBehaviour;
  /** kill closes the listener and destroys every open connection (a target dying mid-run). */
  kill(): Promise<void>;
  close(): Promise<void>;
}

export async function startFixture(behaviour: FixtureBehaviour = {}): Promise<Fixture> {
  const sockets = new Set<Socket>();
  const fixture = { requests: 0, seqs: [] as number[], headers: [] as IncomingMessage['headers'][], behaviour } as Fixture;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    fixture.requests++;
    const seq = req.headers['x-vegeta-seq'];
    if (typeof seq === 'string') fixture.seqs.push(Number(seq));
    if (fixture.headers.length < 1000) fixture.headers.push(req.headers);
    req.resume();
    req.on('end', () => {
      const { status = 200, body = 'hello\n', delayMs = 0 } = fixture.behaviour;
      const answer = () => {
        res.statusCode = status;
        res.end(body);
      };
      if (delayMs > 0) setTimeout(answer, delayMs);
      else answer();
    });
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  Object.assign(fixture, {
    url: `http://127.0.0.1:${port}`,
    port,
    kill: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
  return fixture;
}
