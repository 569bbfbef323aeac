/**
 * SweepDocument is a sweep config file read with the `yaml` package (YAML 1.2, of which JSON is a
 * subset, so Howitzer's JSON configs and loadgen's YAML ones read alike), keeping where each key
 * sits so that bad input is reported as `FILE:LINE: KEY: problem; fix` on one line.
 */
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { UsageError } from '../core/errors.js';
import { readInputFile } from './read-input.js';

/** KeyPath is where a value sits in the document: map keys and list indexes from the root. */
export type KeyPath = ReadonlyArray<string | number>;

/** SweepDocument is one parsed config file: its data, and the line of every key for error messages. */
export class SweepDocument {
  readonly path: string;
  /** value is the document as plain JSON-like data. */
  readonly value: unknown;
  private readonly doc: Document;
  private readonly lines: LineCounter;

  constructor(path: string, text: string) {
    this.path = path;
    this.lines = new LineCounter();
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    const first = this.doc.errors[0];
    if (first !== undefined) {
      const line = first.linePos?.[0].line ?? this.lines.linePos(first.pos[0]).line;
      throw new UsageError(`${path}:${line}: not valid YAML or JSON: ${first.message.split('\n')[0]}`);
    }
    this.value = this.doc.toJS({ maxAliasCount: 100 });
  }

  /** read reads a config file (a one-line UsageError when it cannot be read or parsed). */
  static read(path: string): SweepDocument {
    return new SweepDocument(path, readInputFile(path, 'sweep').toString('utf8'));
  }

  /** fail is the one-line error for the value at `at`: `FILE:LINE: a.b[0].c: message`. */
  fail(at: KeyPath, message: string): UsageError {
    return new UsageError(`${this.path}:${this.lineOf(at)}: ${keyName(at)}: ${message}`);
  }

  /** lineOf is the 1-based line of the key (or list item) at `at`; the nearest existing parent's otherwise. */
  lineOf(at: KeyPath): number {
    for (let n = at.length; n > 0; n--) {
      const offset = this.offsetOf(at.slice(0, n));
      if (offset !== null) return this.lines.linePos(offset).line;
    }
    return 1;
  }

  private offsetOf(at: KeyPath): number | null {
    const parent = at.length === 1 ? this.doc.contents : this.doc.getIn(at.slice(0, -1), true);
    const last = at[at.length - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === last);
      const key = pair?.key as { range?: [number, number, number] } | undefined;
      return key?.range?.[0] ?? null;
    }
    if (isSeq(parent) && typeof last === 'number') {
      const item = parent.items[last] as { range?: [number, number, number] } | undefined;
      return item?.range?.[0] ?? null;
    }
    return null;
  }
}

/** keyName writes a key path as `test_configs[1].k6_opts.vus`. */
export function keyName(at: KeyPath): string {
  return at.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('') || '(top level)';
}

/** isObject is a plain map of the document. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
