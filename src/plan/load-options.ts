/**
 * Load options shared by every load command (attack, infer, demo): the raw flag values as the CLI
 * read them, and parseLoadOptions, which validates them into the plan's typed parts. All file
 * reads for TLS happen here, once, so workers never touch the file system for them.
 */
import { availableParallelism } from 'node:os';
import { checkCaFile, checkClientPair, pemFile } from './tls-material.js';
import {
  DEFAULT_GRACE_NS,
  DEFAULT_TIMEOUT_NS,
  type HttpOptions,
  type LoadModel,
  type ResultsOutput,
  type StopRule,
} from './plan.js';
import { parseDuration, parseRate, parseSize, rateHz, type Nanos } from '../core/units.js';
import type { RunMeta } from '../core/run-result.js';
import { UsageError } from '../core/errors.js';
import type { LoadFlags } from './load-flags.js';

/** LoadOptions are the validated, typed parts of a plan that every load command shares. */
export interface LoadOptions {
  readonly load: LoadModel;
  readonly stop: StopRule;
  readonly workers: number;
  readonly http: HttpOptions;
  readonly output: ResultsOutput | null;
  readonly graceNs: Nanos;
}

/** runMeta describes a run for the reports from what it is and its validated load options. */
export function runMeta(command: string, name: string | undefined, target: string, o: LoadOptions, protocol: RunMeta['protocol'] = 'http'): RunMeta {
  return {
    command,
    protocol,
    name: name ?? '',
    target,
    mode: o.load.kind === 'closed' ? 'closed' : 'open',
    rateHz: o.load.kind === 'open' ? rateHz(o.load.rate) : o.load.kind === 'schedule' ? o.load.schedule.startHz : null,
    vus: o.load.kind === 'closed' ? o.load.vus : null,
    workers: o.workers,
    connections: o.http.connections,
  };
}

/** DEFAULT_WORKERS is one worker thread per core. */
export const DEFAULT_WORKERS = availableParallelism();

export function parseLoadOptions(f: LoadFlags): LoadOptions {
  const load = parseLoadModel(f);
  const stop: StopRule = {
    durationNs: f.duration === undefined ? (0 as Nanos) : nonNegative(parseDuration(f.duration, '--duration'), '--duration'),
    iterations: wholeNumber(f.iterations ?? 0, '--iterations', 0),
  };
  const workers = wholeNumber(f.workers ?? DEFAULT_WORKERS, '--workers', 1);
  const connections = wholeNumber(f.connections ?? (load.kind === 'closed' ? load.vus : 0), '--connections', 0);
  return {
    load,
    stop,
    workers,
    http: parseHttpOptions(f, connections),
    output: parseOutput(f),
    graceNs: f.grace === undefined ? DEFAULT_GRACE_NS : nonNegative(parseDuration(f.grace, '--grace'), '--grace'),
  };
}

function parseLoadModel(f: LoadFlags): LoadModel {
  const maxInFlight = wholeNumber(f.maxInFlight ?? 0, '--max-in-flight', 0);
  if (f.vus !== undefined && f.rate !== undefined) {
    throw new UsageError('--rate and --vus exclude each other: --rate N is open loop, --vus N is closed loop (N users)');
  }
  if (f.vus !== undefined) return { kind: 'closed', vus: wholeNumber(f.vus, '--vus', 1) };
  const rate = parseRate(f.rate ?? '50/1s');
  if (rate.freq === 0) {
    // vegeta's -rate=0: no pacing, as fast as the in-flight cap allows, i.e. that many users.
    if (maxInFlight === 0) throw new UsageError('--rate 0 (unpaced) needs --max-in-flight N to bound concurrency');
    return { kind: 'closed', vus: maxInFlight };
  }
  return { kind: 'open', rate, maxInFlight };
}

function parseHttpOptions(f: LoadFlags, connections: number): HttpOptions {
  const pipelining = wholeNumber(f.pipelining ?? 1, '--pipelining', 1);
  const timeoutNs = f.timeout === undefined ? DEFAULT_TIMEOUT_NS : nonNegative(parseDuration(f.timeout, '--timeout'), '--timeout');
  if (f.key !== undefined && f.cert === undefined) throw new UsageError('--key needs --cert (the client certificate it belongs to)');
  const tls = parseHttpTls(f);
  const client = f.httpClient ?? 'auto';
  if (client !== 'auto' && client !== 'undici') {
    throw new UsageError(`--http-client: "${client}" is not a client; use auto (lean HTTP/1.1 for http://, undici otherwise) or undici`);
  }
  return {
    connections,
    pipelining,
    client,
    http2: f.http2 ?? true,
    h2c: f.h2c ?? false,
    timeoutNs,
    maxBody: parseSize(f.maxBody ?? '-1', '--max-body'),
    tls,
  };
}

/** parseHttpTls reads --cert, --key and --root-certs and checks them (plan/tls-material.ts). */
function parseHttpTls(f: LoadFlags): HttpOptions['tls'] {
  const cert = f.cert === undefined ? null : pemFile(f.cert, '--cert');
  // vegeta reads the key from the certificate file when -key is not given.
  const key = f.key === undefined ? null : pemFile(f.key, '--key');
  if (cert !== null) checkClientPair(cert, key, '--key');
  const ca = f.rootCerts === undefined ? null : f.rootCerts.split(',').filter((p) => p !== '').map((p) => pemFile(p, '--root-certs'));
  for (const c of ca ?? []) checkCaFile(c);
  return {
    insecure: f.insecure ?? false,
    cert: cert?.pem ?? null,
    key: (key ?? cert)?.pem ?? null,
    ca: ca?.map((c) => c.pem) ?? null,
  };
}

function parseOutput(f: LoadFlags): ResultsOutput | null {
  const format = f.outputFormat ?? 'json';
  if (format !== 'json' && format !== 'csv' && format !== 'k6-csv') {
    throw new UsageError(`--output-format: "${format}" is not a results format; use json (vegeta JSON lines), csv or k6-csv`);
  }
  if (f.output === undefined || f.output === '') return null;
  // Bodies stay out of results files unless --max-body asks for them (README "Results files").
  return { path: f.output, format, bodyBytes: f.maxBody === undefined ? 0 : parseSize(f.maxBody, '--max-body') };
}

/** wholeNumber checks an integer flag against its minimum. */
export function wholeNumber(n: number, flag: string, min: number): number {
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag}: "${n}" must be a whole number >= ${min}`);
  return n;
}

function nonNegative(v: Nanos, flag: string): Nanos {
  if (v < 0) throw new UsageError(`${flag}: must not be negative`);
  return v;
}
