/**
 * Scheduler is what drives a ShardRunner: it decides when each hit is sent, and resolves done()
 * once it will send no more and every request it sent has been recorded.
 */
export interface Scheduler {
  start(): void;
  /** stop ends sending now (a signal, or the run was cancelled); in-flight requests still finish. */
  stop(): void;
  /** done resolves when sending is over and nothing is in flight. */
  done(): Promise<void>;
}
