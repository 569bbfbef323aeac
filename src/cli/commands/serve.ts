import { UsageError } from '../../core/errors.js';
import { parseRate, rateHz } from '../../core/units.js';
import { parseLatencyModel } from '../../servers/latency-model.js';
import { startReferenceServer } from '../../servers/reference-server.js';
import { startGrpcReferenceServer } from '../../servers/grpc-reference-server.js';
import type { ServeFlags } from '../serve-flags.js';

/** serve runs the reference inference server (HTTP, and gRPC with --grpc-port) until SIGINT/SIGTERM. */
export async function serve(f: ServeFlags): Promise<number> {
  if (f.llm === true) return (await import('./serve-llm.js')).serveLlm(f);
  const latency = f.latency === undefined ? undefined : parseLatencyModel(f.latency);
  const errorRate = f.errorRate ?? 0;
  const host = f.host ?? '127.0.0.1';
  const modelInstances = f.modelInstances === true;
  const capacityHz = f.capacity === undefined ? 0 : capacityOf(f.capacity);
  const server = await startReferenceServer({
    host,
    port: f.port ?? 8000,
    latency,
    errorRate,
    errorStatus: f.errorStatus ?? 500,
    capacityHz,
    modelInstances,
    notReadyForMs: f.notReadyFor === undefined ? 0 : f.notReadyFor * 1000,
  });
  process.stderr.write(`loadgen: reference inference server listening on ${server.url}\n`);
  const grpc = f.grpcPort === undefined ? null : await startGrpcReferenceServer({ host, port: f.grpcPort, latency, errorRate, modelInstances });
  if (grpc !== null) process.stderr.write(`loadgen: reference gRPC server listening on ${grpc.address}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await Promise.all([server.close(), grpc?.close()]);
  return 0;
}

/** capacityOf reads --capacity: a rate (vegeta's syntax, per second by default) that must be positive. */
function capacityOf(text: string): number {
  const hz = rateHz(parseRate(text, '--capacity'));
  if (!(hz > 0)) throw new UsageError(`--capacity: give a positive rate of answers, e.g. 100/s, got "${text}"`);
  return hz;
}
