/**
 * compare runs `loadgen compare A.json B.json` and `loadgen compare --a a1.json,a2.json --b
 * b1.json,b2.json`, and live, `loadgen compare --a URL --b URL -- infer ...` (rounds run by
 * compare-live.ts): B against A, each statistic's difference with a bootstrap confidence interval
 * (results/compare-runs.ts), reported as text, JSON or an HTML page overlaying the two sides.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../../core/errors.js';
import type { RunResult } from '../../core/run-result.js';
import { asList } from '../../plan/flag-schema.js';
import { compareRuns, type CompareOptions, type Comparison } from '../../results/compare-runs.js';
import { DEFAULT_CONFIDENCE, DEFAULT_RESAMPLES, DEFAULT_SEED } from '../../results/compare-defaults.js';
import { mergeRuns, type SourcedRun } from '../../results/merge-runs.js';
import { readRecordFile } from '../../results/run-record.js';
import { compareJson } from '../../reporters/compare-json.js';
import { compareText } from '../../reporters/compare-text.js';
import { htmlReport } from '../../reporters/html.js';
import { compareTable } from '../../reporters/html/compare-table.js';
import type { CompareFlags } from '../compare-flags.js';
import { liveComparison, liveDryRun, runLive, type LiveSides } from '../compare-live.js';

const USAGE = 'give two records (loadgen compare A.json B.json), each side\'s rounds (--a a1.json,a2.json --b b1.json,b2.json), or a load to run (--a URL --b URL -- infer ...)';

/** COMPARE_REPORTS are the report types of `loadgen compare`. */
const COMPARE_REPORTS = ['text', 'json', 'html'] as const;
type CompareReport = { readonly type: (typeof COMPARE_REPORTS)[number]; readonly file: string | null };

/** compare compares records, or with loadArgs (the command line after --) runs the load against both sides first. */
export async function compare(f: CompareFlags, loadArgs: readonly string[] = []): Promise<number> {
  const reports = reportsOf(asList(f.report));
  const options = optionsOf(f);
  const sides = loadArgs.length === 0 ? recordsOf(f) : await liveSides(f, loadArgs, reports);
  if (sides === null) return 0;
  const { a, b } = sides;
  const comparison = compareRuns(a, b, options);
  const texts = reports.map((r) => [r.file, render(r, comparison, a, b)] as const);
  for (const [file, text] of texts) {
    if (file === null || file === '-') process.stdout.write(text);
    else writeFileSync(file, text);
  }
  return 0;
}

/** liveSides runs the rounds (null after --dry-run printed the plans). */
async function liveSides(f: CompareFlags, loadArgs: readonly string[], reports: readonly CompareReport[]): Promise<LiveSides | null> {
  const live = liveComparison(f, loadArgs);
  // The reports are written after the rounds: a folder that is not there should fail now.
  for (const { file } of reports) {
    if (file !== null && file !== '-' && !existsSync(dirname(resolve(file)))) throw new UsageError(`--report: the folder of "${file}" does not exist; create it or write the report elsewhere`);
  }
  if (f.dryRun === true) {
    process.stdout.write(liveDryRun(live));
    return null;
  }
  return runLive(live);
}

function recordsOf(f: CompareFlags): { a: SourcedRun[]; b: SourcedRun[] } {
  const sides = sidesOf(f);
  const read = (files: readonly string[]): SourcedRun[] => files.map((source) => ({ run: readRecordFile(source), source }));
  return { a: read(sides.a), b: read(sides.b) };
}

function sidesOf(f: CompareFlags): { a: string[]; b: string[] } {
  const live = ['rounds', 'warmup', 'out', 'aHeader', 'bHeader', 'aConfig', 'bConfig', 'dryRun'] as const;
  const given = live.find((k) => f[k] !== undefined);
  if (given !== undefined) throw new UsageError(`compare: --${given.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} is for a live comparison; give the load to run after --, e.g. loadgen compare --a URL --b URL -- infer --model iris -d 10s`);
  const files = f.files ?? [];
  const lists = (v: string | string[] | undefined) => asList(v).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  if (f.a === undefined && f.b === undefined) {
    if (files.length !== 2) throw new UsageError(`compare: ${files.length} record(s) given; ${USAGE}`);
    return { a: [files[0]], b: [files[1]] };
  }
  if (files.length > 0) throw new UsageError(`compare: records given both as arguments and with --a/--b; ${USAGE}`);
  const sides = { a: lists(f.a), b: lists(f.b) };
  const url = [...sides.a, ...sides.b].find((s) => /^[a-z][a-z0-9+.-]*:\/\/|^[^\s/:]+:\d+$/i.test(s));
  if (url !== undefined) throw new UsageError(`compare: "${url}" is a target, not a record; give the load to run after --, e.g. loadgen compare --a URL --b URL -- infer --model iris -d 10s`);
  if (sides.a.length === 0 || sides.b.length === 0) throw new UsageError(`compare: at least one record per side is needed (got ${sides.a.length} for A, ${sides.b.length} for B); ${USAGE}`);
  return sides;
}

function reportsOf(specs: readonly string[]): CompareReport[] {
  if (specs.length === 0) return [{ type: 'text', file: null }];
  return specs.map((spec) => {
    const eq = spec.indexOf('=');
    const type = (eq < 0 ? spec : spec.slice(0, eq)).trim();
    if (!(COMPARE_REPORTS as readonly string[]).includes(type)) throw new UsageError(`--report: unknown type "${type}"; use ${COMPARE_REPORTS.join(', ')}, each [=FILE]`);
    return { type: type as CompareReport['type'], file: eq < 0 ? null : spec.slice(eq + 1).trim() || null };
  });
}

function optionsOf(f: CompareFlags): CompareOptions {
  const resamples = f.resamples ?? DEFAULT_RESAMPLES;
  if (!Number.isInteger(resamples) || resamples < 100 || resamples > 1_000_000) throw new UsageError(`--resamples: give a whole number from 100 to 1000000, got ${resamples}`);
  const seed = f.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(seed)) throw new UsageError(`--seed: give a whole number, got ${seed}`);
  const percent = f.confidence ?? DEFAULT_CONFIDENCE * 100;
  if (!(percent >= 50 && percent < 100)) throw new UsageError(`--confidence: give a level in % from 50 to below 100, got ${percent}`);
  return { resamples, seed, confidence: percent / 100 };
}

function render(r: CompareReport, c: Comparison, a: readonly SourcedRun[], b: readonly SourcedRun[]): string {
  switch (r.type) {
    case 'text':
      return compareText(c);
    case 'json':
      return compareJson(c);
    case 'html':
      return htmlReport([{ label: 'A', result: sideRun(a) }, { label: 'B', result: sideRun(b) }], [compareTable(c)]);
  }
}

/** sideRun is a side as one run for the HTML charts: its record, or its rounds merged (histograms pooled). */
function sideRun(side: readonly SourcedRun[]): RunResult {
  return side.length === 1 ? side[0].run : mergeRuns(side);
}
