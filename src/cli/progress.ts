/**
 * progressPrinter shows a run's progress on stderr: one line rewritten in place each second on a
 * terminal, a plain log line every 10 seconds otherwise (CI logs, kubectl logs).
 */
import type { Progress } from '../engine/run-plan.js';

const LOG_EVERY_MS = 10_000;

export interface ProgressPrinter {
  readonly update: (p: Progress) => void;
  readonly end: () => void;
}

export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): ProgressPrinter {
  const tty = stream.isTTY === true;
  let lastLogMs = 0;
  let lastRequests = 0;
  let lastElapsedMs = 0;
  let shown = false;
  return {
    update(p) {
      const rate = p.elapsedMs > lastElapsedMs ? ((p.requests - lastRequests) * 1000) / (p.elapsedMs - lastElapsedMs) : 0;
      lastRequests = p.requests;
      lastElapsedMs = p.elapsedMs;
      const line =
        `${(p.elapsedMs / 1000).toFixed(0)}s: ${p.requests} done, ${rate.toFixed(0)}/s, ` +
        `${p.errors} errors, ${p.dropped} dropped, ${p.inFlight} in flight`;
      if (tty) {
        stream.write(`\r\x1b[K${line}`);
        shown = true;
      } else if (p.elapsedMs - lastLogMs >= LOG_EVERY_MS) {
        lastLogMs = p.elapsedMs;
        stream.write(`loadgen: ${line}\n`);
      }
    },
    end() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
