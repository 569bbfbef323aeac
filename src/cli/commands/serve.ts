import { UsageError } from '../../core/errors.js';
import { grpcStatusCode } from '../../core/grpc-status.js';
import { parseRate, rateHz } from '../../core/units.js';
import { parseLatencyModel } from '../../servers/latency-model.js';
import { parseHttpFaults } from '../../servers/http-faults.js';
import { parseGrpcFaults } from '../../servers/grpc/grpc-faults.js';
import { asList } from '../../plan/flag-schema.js';
import { startReferenceServer } from '../../servers/reference-server.js';
import { startGrpcReferenceServer } from '../../servers/grpc-reference-server.js';
import type { ServeFlags } from '../serve-flags.js';
import { untilStopped } from '../until-stopped.js';

/** serve runs the reference inference server (HTTP, and gRPC with --grpc-port) until SIGINT/SIGTERM. */
export async function serve(f: ServeFlags): Promise<number> {
  // Read before anything is listening: a parent that dies once the banner is out must count.
  const parent = process.ppid;
  if (f.llm === true) return (await import('./serve-llm.js')).serveLlm(f, parent);
  const latency = f.latency === undefined ? undefined : parseLatencyModel(f.latency);
  const errorRate = f.errorRate ?? 0;
  const host = f.host ?? '127.0.0.1';
  const modelInstances = f.modelInstances === true;
  const capacityHz = f.capacity === undefined ? 0 : capacityOf(f.capacity);
  const faults = parseHttpFaults(asList(f.fault));
  const errorCode = f.grpcErrorCode === undefined ? undefined : grpcErrorCodeOf(f.grpcErrorCode);
  const grpcFaults = parseGrpcFaults(asList(f.grpcFault));
  if (grpcFaults.length > 0 && f.grpcPort === undefined) throw new UsageError('--grpc-fault: needs --grpc-port, the port the gRPC server listens on');
  // The gRPC server starts first, so the HTTP port can switch its faults (/_loadgen/grpc-faults).
  const grpc = f.grpcPort === undefined ? null : await startGrpcReferenceServer({ host, port: f.grpcPort, latency, errorRate, errorCode, modelInstances, capacityHz, faults: grpcFaults });
  const server = await startReferenceServer({
    host,
    port: f.port ?? 8000,
    latency,
    errorRate,
    errorStatus: f.errorStatus ?? 500,
    capacityHz,
    faults,
    h2c: f.h2c === true,
    modelInstances,
    notReadyForMs: f.notReadyFor === undefined ? 0 : f.notReadyFor * 1000,
    grpcFaults: grpc?.faults,
  }).catch(async (err: unknown) => {
    await grpc?.close();
    throw err;
  });
  process.stderr.write(`loadgen: reference inference server listening on ${server.url}\n`);
  if (grpc !== null) process.stderr.write(`loadgen: reference gRPC server listening on ${grpc.address}\n`);
  await untilStopped(parent);
  await Promise.all([server.close(), grpc?.close()]);
  return 0;
}

/** grpcErrorCodeOf reads --grpc-error-code: Go's code name (any case) or its number, 1..16. */
function grpcErrorCodeOf(text: string): number {
  const code = grpcStatusCode(text);
  if (code === undefined || code === 0) throw new UsageError(`--grpc-error-code: "${text}" is not a gRPC error status; use a name such as Unavailable or a number 1..16`);
  return code;
}

/** capacityOf reads --capacity: a rate (vegeta's syntax, per second by default) that must be positive. */
function capacityOf(text: string): number {
  const hz = rateHz(parseRate(text, '--capacity'));
  if (!(hz > 0)) throw new UsageError(`--capacity: give a positive rate of answers, e.g. 100/s, got "${text}"`);
  return hz;
}
