import { parseLatencyModel } from '../../servers/latency-model.js';
import { startReferenceServer } from '../../servers/reference-server.js';
import { startGrpcReferenceServer } from '../../servers/grpc-reference-server.js';
import type { Argv } from '../commands.js';

/** serve runs the reference inference server (HTTP, and gRPC with --grpc-port) until SIGINT/SIGTERM. */
export async function serve(argv: Argv): Promise<number> {
  const latency = argv.latency === undefined ? undefined : parseLatencyModel(String(argv.latency));
  const errorRate = (argv.errorRate as number | undefined) ?? 0;
  const host = (argv.host as string | undefined) ?? '127.0.0.1';
  const modelInstances = argv.modelInstances === true;
  const server = await startReferenceServer({
    host,
    port: (argv.port as number | undefined) ?? 8000,
    latency,
    errorRate,
    errorStatus: (argv.errorStatus as number | undefined) ?? 500,
    modelInstances,
    notReadyForMs: argv.notReadyFor === undefined ? 0 : Number(argv.notReadyFor) * 1000,
  });
  process.stderr.write(`loadgen: reference inference server listening on ${server.url}\n`);
  const grpcPort = argv.grpcPort as number | undefined;
  const grpc = grpcPort === undefined ? null : await startGrpcReferenceServer({ host, port: grpcPort, latency, errorRate, modelInstances });
  if (grpc !== null) process.stderr.write(`loadgen: reference gRPC server listening on ${grpc.address}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await Promise.all([server.close(), grpc?.close()]);
  return 0;
}
