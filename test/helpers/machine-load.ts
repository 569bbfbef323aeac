/**
 * How busy the machine is, for the few tests that measure time precisely: with more runnable
 * processes than cores every wake-up waits for a time slice, and that wait lands in what they
 * measure. They hold their quiet-machine bound when the load allows it and say which bound held.
 */
import { availableParallelism, loadavg } from 'node:os';

/** loadPerCore is the 1-minute load average per usable core. */
export function loadPerCore(): number {
  return loadavg()[0] / availableParallelism();
}

/**
 * boundFor picks a tolerance: quiet up to 1 runnable per core, busy up to 2.5 (both cores kept
 * busy by another process, plus the test), overloaded beyond.
 */
export function boundFor(quiet: number, busy: number, overloaded: number): number {
  const l = loadPerCore();
  return l <= 1 ? quiet : l <= 2.5 ? busy : overloaded;
}
