import type { HttpExchange } from './exchange.js';

/**
 * Transport is the one seam between the engine and the wire: dispatch sends an exchange, whose
 * handler methods hear how it ends (always exactly once, success or error).
 */
export interface Transport {
  dispatch(x: HttpExchange): void;
  close(): Promise<void>;
}
