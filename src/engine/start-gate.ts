/**
 * waitForStart holds a run's load back until shortly (HANDOFF_MS) before its StartGate opens and
 * returns the wall-clock time (Unix ms) its elapsed zero is to be, which the pool then sets
 * exactly: --start-at's time, or, for a barrier, a time every shard
 * computes alike from the same markers. Each shard writes `shard-I-of-N.ready` (its index and
 * when it was ready) into the shared directory; once N markers of that N are there, the start is
 * the latest ready time plus BARRIER_LEAD_MS, so shards that notice the last marker at different
 * moments still start at one instant (clocks synced by NTP, as Kubernetes nodes are). Markers
 * older than the timeout are an earlier run's and do not count. A stop
 * (SIGTERM) while waiting ends the wait at once: the run then starts stopped and records nothing.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StartGate } from '../plan/plan.js';
import type { Segment } from '../core/run-result.js';
import { NotReadyError } from '../core/errors.js';
import { writeFileAtomic } from '../core/atomic-file.js';

/** BARRIER_LEAD_MS is how long after the last shard was ready they all start. */
export const BARRIER_LEAD_MS = 1000;
/** HANDOFF_MS is how early the wait returns, leaving the pool time to tell the workers the start. */
const HANDOFF_MS = 200;
const POLL_MS = 50;

export async function waitForStart(gate: StartGate, segment: Segment, stopped: () => boolean): Promise<number> {
  if (gate.kind === 'at') {
    await sleepUntil(gate.unixMs - HANDOFF_MS, stopped);
    return gate.unixMs;
  }
  const timeoutMs = gate.timeoutNs / 1e6;
  markReady(gate.dir, segment);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ready = readyTimes(gate.dir, segment.count, Date.now() - timeoutMs);
    if (ready.length === segment.count) {
      const startMs = Math.max(...ready) + BARRIER_LEAD_MS;
      await sleepUntil(startMs - HANDOFF_MS, stopped);
      return startMs;
    }
    if (stopped()) return Date.now();
    if (Date.now() > deadline) {
      throw new NotReadyError(
        `--start-barrier ${gate.dir}: ${ready.length} of ${segment.count} shards ready after ${gate.timeoutNs / 1e9}s; start every shard, or raise --start-timeout`,
      );
    }
    await sleep(POLL_MS);
  }
}

/** markReady writes this shard's marker atomically, so a reader never sees half of one. */
function markReady(dir: string, segment: Segment): void {
  mkdirSync(dir, { recursive: true });
  const marker = JSON.stringify({ index: segment.index, count: segment.count, ready_unix_ms: Date.now() }) + '\n';
  writeFileAtomic(join(dir, markerName(segment.index, segment.count)), marker);
}

/** readyTimes are the ready times (since sinceMs) of the markers of a test of `count` shards in dir. */
function readyTimes(dir: string, count: number, sinceMs: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    try {
      const m = JSON.parse(readFileSync(join(dir, markerName(i, count)), 'utf8')) as { ready_unix_ms?: unknown };
      if (typeof m.ready_unix_ms === 'number' && m.ready_unix_ms >= sinceMs) times.push(m.ready_unix_ms);
    } catch {
      // Not there yet (or being replaced): looked for again on the next poll.
    }
  }
  return times;
}

function markerName(index: number, count: number): string {
  return `shard-${index}-of-${count}.ready`;
}

async function sleepUntil(unixMs: number, stopped: () => boolean): Promise<void> {
  while (!stopped() && Date.now() < unixMs) await sleep(Math.min(POLL_MS, unixMs - Date.now()));
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(0, ms)));
}
