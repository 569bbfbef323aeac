/**
 * bench/grpc/grpc-js-loop.ts: the plain grpc-js client loop bench/grpc compares loadgen with. One
 * @grpc/grpc-js channel (one HTTP/2 connection), a closed loop of --concurrency users each making
 * unary loadgen.echo.Echo/Unary calls with {text:"hello"}, serialized once up front and sent with
 * identity (de)serializers, so the loop measures grpc-js itself, not protobuf encoding.
 *
 * Usage: node dist/bench/grpc/grpc-js-loop.js --target HOST:PORT [--seconds 10] [--concurrency 64]
 * Prints one JSON line: {"calls","errors","duration_ns","rate","run_cpu_ns"}; run_cpu_ns is this
 * process's user+system CPU between the first call and the last answer (startup excluded).
 */
import { Client, credentials, type ServiceError } from '@grpc/grpc-js';
import { bundledProtoPath } from '../../src/grpc/bundled-protos.js';
import { loadGrpcMethod } from '../../src/grpc/grpc-method.js';

function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0 && process.argv[i + 1] !== undefined) return process.argv[i + 1];
  if (fallback === undefined) throw new Error(`--${name} is required`);
  return fallback;
}
const target = arg('target');
const seconds = Number(arg('seconds', '10'));
const concurrency = Number(arg('concurrency', '64'));

const method = loadGrpcMethod({ proto: bundledProtoPath('echo'), call: 'loadgen.echo.Echo/Unary' });
const request = method.encodeRequest({ text: 'hello' });
const identity = (b: Buffer): Buffer => b;

const client = new Client(target, credentials.createInsecure());
await new Promise<void>((resolve, reject) => client.waitForReady(Date.now() + 10_000, (err) => (err ? reject(err) : resolve())));

let calls = 0;
let errors = 0;
let firstError: ServiceError | undefined;
let running = concurrency;
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
const deadline = t0 + BigInt(Math.round(seconds * 1e9));

const done = new Promise<bigint>((resolve) => {
  const onDone = (err: ServiceError | null): void => {
    calls++;
    if (err !== null) {
      errors++;
      firstError ??= err;
    }
    if (process.hrtime.bigint() < deadline) call();
    else if (--running === 0) resolve(process.hrtime.bigint());
  };
  const call = (): void => {
    client.makeUnaryRequest(method.path, identity, identity, request, onDone);
  };
  for (let i = 0; i < concurrency; i++) call();
});
const t1 = await done;
const cpu = process.cpuUsage(cpu0);
client.close();

const durationNs = Number(t1 - t0);
console.log(JSON.stringify({ calls, errors, duration_ns: durationNs, rate: calls / (durationNs / 1e9), run_cpu_ns: (cpu.user + cpu.system) * 1000 }));
if (firstError !== undefined) console.error(`grpc-js loop: ${errors} errors, first: ${firstError.message}`);
