/**
 * bench/grpc/server.ts: the reference gRPC server (loadgen's echo and v2 services on grpc-js) in a
 * process of its own, for bench/grpc/run.ts to pin to a core. Prints `listening on HOST:PORT` on
 * stdout once it listens; SIGTERM or SIGINT closes it, after which it prints `served N calls`
 * (every call it received, for bench/soak to check against the generator's count).
 *
 * Usage: node dist/bench/grpc/server.js [--port N]
 */
import { startGrpcReferenceServer } from '../../src/servers/grpc-reference-server.js';

const i = process.argv.indexOf('--port');
const server = await startGrpcReferenceServer({ port: i < 0 ? 0 : Number(process.argv[i + 1]) });
console.log(`listening on ${server.address}`);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () =>
    void server.close().then(() => {
      console.log(`served ${server.stats.requests} calls`);
      process.exit(0);
    }),
  );
}
