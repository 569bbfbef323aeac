/**
 * ShardRunner is one worker's send-and-record loop body: it takes a hit (sequence number and
 * intended time), sends it through the transport with a reused exchange, and records the result
 * when it ends. Schedulers (open loop, closed loop) decide when to call send(); the runner knows
 * nothing of pacing, and the recorder owns every counter.
 */
import type { Recorder } from '../results/recorder.js';
import type { CallLog } from '../results/call-log.js';
import { HttpExchange, type ExchangeSink } from '../transports/exchange.js';
import type { InFlightList } from '../transports/in-flight.js';
import type { RequestFeed } from './request-feed.js';
import type { ResultsSink } from './results-sink.js';

/** SendOutcome tells a scheduler whether a hit went out. */
export type SendOutcome = 'sent' | 'exhausted' | 'not-ready';

/**
 * ExchangeHooks let a run use its own exchange class and record more when one ends (generate:
 * LlmExchange and its per-token metrics); ended runs after the recorder, before the reset.
 */
export interface ExchangeHooks {
  make(sink: ExchangeSink): HttpExchange;
  ended(x: HttpExchange, endNs: number): void;
}

export class ShardRunner implements ExchangeSink {
  private readonly feed: RequestFeed;
  private readonly inFlightList: InFlightList;
  private readonly recorder: Recorder;
  private readonly results: ResultsSink | null;
  private readonly clock: () => number;
  private readonly maxBody: number;
  private readonly free: HttpExchange[];
  /** skipFirst: results with a lower sequence number are left out of the statistics. */
  private readonly skipFirst: number;
  /** callLog, when kept, gets every recorded call (gRPC runs: ghz's statistics). */
  private readonly callLog: CallLog | null;
  private readonly hooks: ExchangeHooks | null;
  /** onEnd is called after each result is recorded (closed loop sends its next request here). */
  onEnd: () => void;

  constructor(
    feed: RequestFeed,
    inFlightList: InFlightList,
    recorder: Recorder,
    results: ResultsSink | null,
    clock: () => number,
    maxBody: number,
    skipFirst = 0,
    callLog: CallLog | null = null,
    hooks: ExchangeHooks | null = null,
  ) {
    this.feed = feed;
    this.inFlightList = inFlightList;
    this.recorder = recorder;
    this.results = results;
    this.clock = clock;
    this.maxBody = maxBody;
    this.free = [];
    this.skipFirst = skipFirst;
    this.callLog = callLog;
    this.hooks = hooks;
    this.onEnd = noop;
  }

  get inFlight(): number {
    return this.recorder.inFlight;
  }

  /** send dispatches hit seq; intendedNs is its scheduled time (NaN in closed loop). */
  send(seq: number, intendedNs: number): SendOutcome {
    const target = this.feed.take(seq);
    if (target === null) return 'exhausted';
    if (target === undefined) return 'not-ready';
    const x = this.free.pop() ?? (this.hooks === null ? new HttpExchange(this) : this.hooks.make(this));
    x.target = target;
    x.seq = seq;
    x.intendedNs = intendedNs;
    x.maxBody = this.maxBody;
    x.capture = this.results !== null || target.check !== null;
    if (target.kind === 'http' && target.perRequest !== null && !target.perRequest.seq) {
      x.headerValue = target.perRequest.value(seq);
      target.options.headers[target.perRequest.slot] = x.headerValue;
    }
    this.recorder.sent();
    // Whole ns, as the results file holds them, so a re-report from it matches the live report.
    x.sentNs = Math.round(this.clock());
    this.inFlightList.link(x);
    target.transport.dispatch(x);
    return 'sent';
  }

  /**
   * onExchangeEnd records an exchange's outcome (HTTP or gRPC alike: the transport has set it),
   * after the response check, which runs once the end time is read.
   */
  onExchangeEnd(x: HttpExchange): void {
    const endNs = Math.round(this.clock());
    this.inFlightList.unlink(x);
    const target = x.target!;
    x.runCheck();
    if (x.seq < this.skipFirst) this.recorder.skip();
    else {
      this.recorder.record(x, x.intendedNs, x.sentNs, endNs, x.bodyBytes, target.bytesOut);
      if (this.results !== null) this.results.write(x, endNs);
      if (this.callLog !== null) this.callLog.recordCall(endNs, endNs - x.sentNs, x.code, x.errorText);
      if (this.hooks !== null) this.hooks.ended(x, endNs);
    }
    x.reset();
    this.free.push(x);
    this.onEnd();
  }

  /** drop counts a due hit that the in-flight cap kept from being sent. */
  drop(): void {
    this.recorder.drop();
  }
}

function noop(): void {}
