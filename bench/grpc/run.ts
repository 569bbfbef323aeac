/**
 * bench/grpc: loadgen's gRPC client against a plain grpc-js client loop and h2load, on one
 * generator core (the measurement is grpcBench in grpc-bench.ts; bench/run-all.ts runs it too).
 *
 * Usage: npm run bench:grpc [-- --seconds 10 --rounds 3]. Needs h2load (apt-get install -y
 * nghttp2-client) and /usr/bin/time (apt-get install -y time). Run it alone on the machine.
 */
import { arg } from '../lib/bench-env.js';
import { grpcBench, summary } from './grpc-bench.js';

const seconds = arg('seconds', 10);
const rounds = arg('rounds', 3);
summary(await grpcBench({ seconds, rounds }), seconds, rounds);
