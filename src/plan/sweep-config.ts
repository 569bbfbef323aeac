/**
 * readSweepConfig reads a sweep config file and explodes it into runs: Howitzer's format when the
 * document has `test_configs` (sweep-howitzer.ts), loadgen's own otherwise (sweep-native.ts).
 * Every problem is found here, for all runs, before the first run sends anything.
 */
import { isObject, SweepDocument } from './sweep-document.js';
import { howitzerSweep } from './sweep-howitzer.js';
import { nativeSweep } from './sweep-native.js';
import type { SweepSpec } from './sweep-run.js';

export function readSweepConfig(path: string): SweepSpec {
  return sweepOf(SweepDocument.read(path));
}

/** sweepOf explodes a parsed sweep document. */
export function sweepOf(doc: SweepDocument): SweepSpec {
  if (!isObject(doc.value)) {
    throw doc.fail([], 'a sweep config is a map: Howitzer\'s {"test_configs": [...]} or loadgen\'s {command: infer, flags: {...}}');
  }
  const spec = Object.hasOwn(doc.value, 'test_configs') ? howitzerSweep(doc) : nativeSweep(doc);
  if (spec.runs.length === 0) throw doc.fail([], 'the sweep explodes into no runs (an empty list?)');
  return spec;
}
