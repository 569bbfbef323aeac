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
import { REDACTED } from '../core/redact.js';

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
  /** bodyBytes caps the body a line keeps (-1 = all; 0 = none, the body field empty). */
  private readonly bodyBytes: number;
  private readonly redact: ReadonlySet<string>;

  /** output is the results stream (its format and body cap); redact the response header names printed as REDACTED. */
  constructor(port: MessagePort, output: ResultsOutput, attack: string, startUnixNs: bigint, redact: ReadonlySet<string>) {
    const format = output.format;
    this.port = port;
    this.encode = format === 'k6-csv' ? encodeK6CsvRows : format === 'csv' ? encodeCsvLine : encodeJsonLine;
    this.bodyBytes = output.bodyBytes ?? 0;
    this.redact = redact;
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
    r.body = responded ? keptBody(x.chunks, this.bodyBytes) : null;
    r.method = target.method;
    r.url = target.url;
    r.headers = responded ? headersOf(x.rawHeaders, this.redact) : null;
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


/** keptBody is the first cap bytes of a response body (-1 = all). */
function keptBody(chunks: Buffer[] | null, cap: number): Buffer {
  if (cap === 0) return EMPTY_BODY;
  const body = bodyOf(chunks);
  return cap < 0 || body.length <= cap ? body : body.subarray(0, cap);
}

const EMPTY_BODY = Buffer.alloc(0);

/** headersOf canonicalises names as Go's http.Header does (content-length -> Content-Length); redacted names keep no value. */
function headersOf(raw: Buffer[] | null, redact: ReadonlySet<string>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (raw === null) return out;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const lower = String(raw[i]).toLowerCase();
    const name = canonicalHeader(lower);
    (out[name] ??= []).push(redact.has(lower) ? REDACTED : String(raw[i + 1]));
  }
  return out;
}

function canonicalHeader(name: string): string {
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
}
