/**
 * The signal hub of a load command: SIGINT and SIGTERM are taken from the first millisecond
 * (cli/early-signals.ts installs the hub before main.ts loads yargs or any command), so a signal
 * during start-up no longer kills the process without a report.
 * - Before the load starts, the first signal is kept (pendingSignal): the command writes a report
 *   of 0 requests marked interrupted instead of starting the load; a second one exits at once.
 * - While the load runs, whileRunning routes each signal to the command (graceful stop on the
 *   first, cancel on the second), then gives the signals back to Node's default handling.
 * This module imports nothing, so installing it costs nothing at start-up.
 */

/** SignalName is one of the two signals that stop a run. */
export type SignalName = 'SIGINT' | 'SIGTERM';

/** SIGNAL_EXIT_CODES are the shell's 128 + signal number, for a run stopped before it sent anything. */
export const SIGNAL_EXIT_CODES: Readonly<Record<SignalName, number>> = { SIGINT: 130, SIGTERM: 143 };

type Listener = (count: number, signal: SignalName) => void;

const hub = {
  installed: false,
  pending: null as SignalName | null,
  /** listeners are the whileRunning calls in progress, outermost first (compare's rounds nest). */
  listeners: [] as Listener[],
  count: 0,
};

function onSignal(signal: SignalName): void {
  hub.count++;
  if (hub.listeners.length > 0) {
    for (const listener of [...hub.listeners]) listener(hub.count, signal);
    return;
  }
  if (hub.pending !== null) {
    process.stderr.write(`loadgen: ${signal} again: exiting before the load started\n`);
    process.exit(SIGNAL_EXIT_CODES[signal]);
  }
  hub.pending = signal;
  process.stderr.write(`loadgen: stopping: ${signal} before the load started; the load will not start and a report of 0 requests follows (Ctrl-C again to cancel)\n`);
}

function onSigint(): void {
  onSignal('SIGINT');
}

function onSigterm(): void {
  onSignal('SIGTERM');
}

/** installSignalHub takes SIGINT and SIGTERM over from Node's default (exit at once); idempotent. */
export function installSignalHub(): void {
  if (hub.installed) return;
  hub.installed = true;
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
}

/** pendingSignal is the signal that came before the load started, or null. */
export function pendingSignal(): SignalName | null {
  return hub.pending;
}

/**
 * whileRunning waits for work with SIGINT and SIGTERM routed to onSignal (called with how many
 * signals came so far and which: commands stop gracefully on the first and cancel on the second),
 * and restores the default handling when the last such work is done. Calls nest (compare's rounds
 * inside the comparison): each signal goes to every one in progress. A signal that came before is
 * passed on at once, as the first.
 */
export async function whileRunning<T>(work: Promise<T>, onSignal: Listener): Promise<T> {
  installSignalHub();
  hub.listeners.push(onSignal);
  if (hub.pending !== null) onSignal(hub.count, hub.pending);
  try {
    return await work;
  } finally {
    hub.listeners.splice(hub.listeners.indexOf(onSignal), 1);
    if (hub.listeners.length === 0) {
      hub.installed = false;
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
    }
  }
}
