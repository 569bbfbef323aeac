/**
 * ResultsSink turns finished exchanges into per-request result lines (vegeta JSON lines or CSV, k6 CSV)
 * and hands them to the main thread in batches, which appends them to the --output file as the run
 * goes, so memory stays flat however long the run is.
 */
import type { MessagePort } from 'node:worker_threads';
import type { ResultRecord } from '../results/result-record.js';
import { encodeCsvLine, encodeJsonLine } from '../results/results-encoder.js';
import { encodeK6CsvRows } from '../results/k6-csv-encoder.js';
import type { ResultsOutput } from '../plan/plan.js';
import { bodyOf, type HttpExchange } from '../transports/exchange.js';

const BATCH_CHARS = 256 * 1024;
const FLUSH_EVERY_MS = 200;

export class ResultsSink {
  private readonly port: MessagePort;
  /** encode formats one record; grpc (used by k6's CSV only) says whether it was a gRPC call. */
  private readonly encode: (r: ResultRecord, grpc: boolean) => string;
  private readonly attack: string;
  private readonly startUnixNs: bigint;
  private readonly record: ResultRecord;
  private batch: string;
  private readonly timer: NodeJS.Timeout;

  constructor(port: MessagePort, format: ResultsOutput['format'], attack: string, startUnixNs: bigint) {
    this.port = port;
    this.encode = format === 'k6-csv' ? encodeK6CsvRows : format === 'csv' ? encodeCsvLine : encodeJsonLine;
    this.attack = attack;
    this.startUnixNs = startUnixNs;
    this.record = {
      attack,
      seq: 0,
      code: 0,
      timestampUnixNs: 0n,
      latencyNs: 0,
      bytesOut: 0,
      bytesIn: 0,
      error: '',
      body: null,
      method: '',
      url: '',
      headers: null,
    };
    this.batch = '';
    this.timer = setInterval(flushSink, FLUSH_EVERY_MS, this);
    this.timer.unref();
  }

  /** write adds an ended exchange's result line: its outcome's code and error text, as vegeta's results. */
  write(x: HttpExchange, endNs: number): void {
    const r = this.record;
    const target = x.target!;
    const responded = x.error === null;
    r.seq = x.seq;
    r.code = x.code;
    r.timestampUnixNs = this.startUnixNs + BigInt(x.sentNs);
    r.latencyNs = endNs - x.sentNs;
    r.bytesOut = target.bytesOut;
    r.bytesIn = x.bodyBytes;
    r.error = x.errorText;
    r.body = responded ? bodyOf(x.chunks) : null;
    r.method = target.method;
    r.url = target.url;
    r.headers = responded ? headersOf(x.rawHeaders) : null;
    this.batch += this.encode(r, target.kind === 'grpc');
    if (this.batch.length >= BATCH_CHARS) this.flush();
  }

  flush(): void {
    if (this.batch.length === 0) return;
    this.port.postMessage({ type: 'results', data: this.batch });
    this.batch = '';
  }

  close(): void {
    clearInterval(this.timer);
    this.flush();
  }
}

function flushSink(s: ResultsSink): void {
  s.flush();
}


/** headersOf canonicalises names as Go's http.Header does (content-length -> Content-Length). */
function headersOf(raw: Buffer[] | null): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (raw === null) return out;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = canonicalHeader(String(raw[i]));
    (out[name] ??= []).push(String(raw[i + 1]));
  }
  return out;
}

function canonicalHeader(name: string): string {
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
}
