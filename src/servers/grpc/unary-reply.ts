/**
 * UnaryReply is a unary answer (or error status) held by the CallInjector until its deadline.
 */
import { status, type sendUnaryData } from '@grpc/grpc-js';
import type { Deliverable } from './call-injector.js';

/** UnaryReply answers one unary call with body (code OK) or with the status code and message. */
export class UnaryReply implements Deliverable {
  private readonly callback: sendUnaryData<Buffer>;
  private readonly code: number;
  private readonly message: string;
  private readonly body: Buffer;

  constructor(callback: sendUnaryData<Buffer>, code: number, message: string, body: Buffer) {
    this.callback = callback;
    this.code = code;
    this.message = message;
    this.body = body;
  }

  deliver(): void {
    if (this.code === status.OK) this.callback(null, this.body);
    else this.callback({ code: this.code, details: this.message });
  }
}
