/**
 * readK6Thresholds reads k6's `thresholds` option from a JSON file (`--thresholds FILE`): either
 * k6's options object `{"thresholds": {...}}` (what `k6 run --config` takes) or the thresholds map
 * itself. Each metric maps to a list of expressions, each a string (`"p(95)<500"`) or an object
 * `{threshold, abortOnFail, delayAbortEval}` (k6.md 5).
 */
import { UsageError } from '../core/errors.js';
import type { Slo } from '../core/slo.js';
import { parseDuration } from '../core/units.js';
import { readInputFile } from './read-input.js';
import { parseK6Threshold } from './slo-grammar.js';

export function readK6Thresholds(path: string, flag = '--thresholds'): Slo[] {
  const source = `${flag} ${path}`;
  let doc: unknown;
  try {
    doc = JSON.parse(readInputFile(path, flag).toString('utf8'));
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${source}: not JSON (${(err as Error).message}); write {"thresholds": {"http_req_duration": ["p(95)<500"]}}`);
  }
  return k6Thresholds(doc, source);
}

/** k6Thresholds turns a parsed thresholds document into objectives. */
export function k6Thresholds(doc: unknown, source: string): Slo[] {
  const root = isObject(doc) && isObject(doc.thresholds) ? doc.thresholds : doc;
  if (!isObject(root)) throw new UsageError(`${source}: expected an object of metric -> list of thresholds`);
  const out: Slo[] = [];
  for (const [metric, list] of Object.entries(root)) {
    if (!Array.isArray(list)) throw new UsageError(`${source}: thresholds of ${metric} must be a list, e.g. ["p(95)<500"]`);
    for (const item of list) out.push(threshold(metric, item, source));
  }
  return out;
}

function threshold(metric: string, item: unknown, source: string): Slo {
  if (typeof item === 'string') return parseK6Threshold(metric, item, source);
  if (!isObject(item) || typeof item.threshold !== 'string') {
    throw new UsageError(`${source}: a threshold of ${metric} is a string or {"threshold": "...", "abortOnFail": true}`);
  }
  const delay = item.delayAbortEval;
  if (delay !== undefined && typeof delay !== 'string') throw new UsageError(`${source}: delayAbortEval of ${metric} is a duration string, e.g. "10s"`);
  return parseK6Threshold(metric, item.threshold, source, {
    abortOnFail: item.abortOnFail === true,
    delayAbortNs: delay === undefined ? 0 : parseDuration(delay, `${source}: delayAbortEval of ${metric}`),
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
