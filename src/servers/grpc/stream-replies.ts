/**
 * StreamReplies sends a server stream's answers through the CallInjector in order: each message
 * waits for its latency but never overtakes an earlier one, an injected or real error ends the
 * stream with its status, and finish() ends the stream once every scheduled message is out.
 */
import type { StatusObject } from '@grpc/grpc-js';
import type { CallInjector, Deliverable } from './call-injector.js';

/** WritableCall is the part of a grpc-js server stream that StreamReplies uses. */
export interface WritableCall {
  write(chunk: Buffer): boolean;
  end(): void;
  emit(event: 'error', error: Partial<StatusObject>): boolean;
  readonly cancelled: boolean;
}

/** StreamReplies orders and delays one stream's answers. */
export class StreamReplies {
  private readonly call: WritableCall;
  private readonly injector: CallInjector;
  private pending: number;
  private lastDeadlineMs: number;
  private finishing: boolean;
  private done: boolean;

  constructor(call: WritableCall, injector: CallInjector) {
    this.call = call;
    this.injector = injector;
    this.pending = 0;
    this.lastDeadlineMs = 0;
    this.finishing = false;
    this.done = false;
  }

  /** send schedules body for arrivedMs plus latency (after earlier answers). */
  send(arrivedMs: number, body: Buffer, delayed = true): void {
    this.enqueue(arrivedMs, new StreamItem(this, body, null, ''), delayed);
  }

  /** fail schedules the end of the stream with status code and message. */
  fail(arrivedMs: number, code: number, message: string, delayed = true): void {
    this.enqueue(arrivedMs, new StreamItem(this, null, code, message), delayed);
  }

  /** finish ends the stream (status OK) after the answers already scheduled. */
  finish(): void {
    this.finishing = true;
    if (this.pending === 0) this.end();
  }

  private enqueue(arrivedMs: number, item: StreamItem, delayed: boolean): void {
    if (this.done) return;
    this.pending++;
    if (!delayed) {
      item.deliver();
      return;
    }
    this.lastDeadlineMs = this.injector.schedule(arrivedMs, item, this.lastDeadlineMs);
  }

  /** deliverItem writes one answer; called by StreamItem at its deadline. */
  deliverItem(body: Buffer | null, code: number | null, message: string): void {
    this.pending--;
    if (this.done || this.call.cancelled) return;
    if (code !== null) {
      this.done = true;
      this.call.emit('error', { code, details: message });
      return;
    }
    this.call.write(body as Buffer);
    if (this.finishing && this.pending === 0) this.end();
  }

  private end(): void {
    if (this.done) return;
    this.done = true;
    if (!this.call.cancelled) this.call.end();
  }
}

/** StreamItem is one scheduled answer of a stream. */
class StreamItem implements Deliverable {
  private readonly replies: StreamReplies;
  private readonly body: Buffer | null;
  private readonly code: number | null;
  private readonly message: string;

  constructor(replies: StreamReplies, body: Buffer | null, code: number | null, message: string) {
    this.replies = replies;
    this.body = body;
    this.code = code;
    this.message = message;
  }

  deliver(): void {
    this.replies.deliverItem(this.body, this.code, this.message);
  }
}
