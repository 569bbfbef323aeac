/**
 * WaitingQueue holds the exchanges waiting for a connection, first in first out, with O(1) push,
 * take and removal. An array's shift() is O(n) once the array is large (V8 stops trimming it in
 * place), and an open loop that outruns its connections queues tens of thousands: at 50k/s on 64
 * connections shift() and indexOf() took the worker's whole core and the run collapsed to ~9k/s.
 * Each exchange remembers its absolute position (waitSlot), so an abort empties its slot in place.
 */
import type { HttpExchange } from '../exchange.js';

/** COMPACT_AT is how many taken slots at the front are tolerated before the array is compacted. */
const COMPACT_AT = 4096;

export class WaitingQueue {
  private items: Array<HttpExchange | null>;
  /** head is the index of the first slot not yet taken; base is the absolute position of index 0. */
  private head: number;
  private base: number;
  private live: number;

  constructor() {
    this.items = [];
    this.head = 0;
    this.base = 0;
    this.live = 0;
  }

  get size(): number {
    return this.live;
  }

  push(x: HttpExchange): void {
    x.waitSlot = this.base + this.items.length;
    this.items.push(x);
    this.live++;
  }

  /** take is the oldest waiting exchange, or undefined. */
  take(): HttpExchange | undefined {
    while (this.head < this.items.length) {
      const x = this.items[this.head];
      this.items[this.head++] = null;
      if (x !== null) {
        this.live--;
        x.waitSlot = -1;
        this.compact();
        return x;
      }
    }
    return undefined;
  }

  /** remove takes x out wherever it waits (an abort); false when it is not waiting here. */
  remove(x: HttpExchange): boolean {
    const i = x.waitSlot - this.base;
    if (i < this.head || i >= this.items.length || this.items[i] !== x) return false;
    this.items[i] = null;
    this.live--;
    x.waitSlot = -1;
    return true;
  }

  private compact(): void {
    if (this.head < COMPACT_AT || this.head * 2 < this.items.length) return;
    this.items = this.items.slice(this.head);
    this.base += this.head;
    this.head = 0;
  }
}
