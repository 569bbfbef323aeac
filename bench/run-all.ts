/**
 * npm run bench: every figure of issue 13 in one run, peers side by side on the same cores
 * (target on core 0, generator on core 1, pinned with taskset), rounds interleaved, medians and
 * ratios. Writes bench/results.json (every figure with its unit, the raw runs, the machine) and
 * replaces the marked section of bench/README.md with the table.
 *
 * Usage: npm run bench [-- --quick] [--only http,scaling,grpc,open-loop,tensor,startup,rss,soak] [--no-write]
 * [--minutes N]. --quick runs fewer, shorter rounds (a pre-merge check, under 3 minutes); --only
 * runs some sections; --no-write prints without touching results.json and README.md. soak (long:
 * --minutes each for HTTP and gRPC, default 10) runs only when --only names it (`npm run
 * bench:soak`), and writes its own entry of results.json (`own.soak`) and its own README table.
 * Needs nginx, wrk, hey, h2load, /usr/bin/time and taskset; run it alone on the machine.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { arg } from './lib/bench-env.js';
import { BEGIN, END, markdownTable, markers, replaceMarked, type Figure } from './lib/figures.js';
import { describeMachine, type Machine } from './lib/machine.js';
import { SECTIONS, type Settings } from './sections.js';

const BENCH_DIR = fileURLToPath(new URL('../../bench/', import.meta.url));
const RESULTS = `${BENCH_DIR}results.json`;
const README = `${BENCH_DIR}README.md`;
const quick = process.argv.includes('--quick');
const write = !process.argv.includes('--no-write');
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt < 0 ? null : process.argv[onlyAt + 1].split(',');
const unknown = only?.filter((s) => !(s in SECTIONS)) ?? [];
if (unknown.length > 0) {
  console.error(`bench: unknown section ${unknown.join(', ')}; sections are ${Object.keys(SECTIONS).join(', ')}`);
  process.exit(2);
}
const soakMinutes = arg('minutes', 10);
if (!(soakMinutes > 0)) {
  console.error('bench: --minutes takes a positive number of minutes, e.g. --minutes 10');
  process.exit(2);
}

const settings: Settings = quick
  ? { seconds: 3, rounds: 1, warmupS: 1, probes: 1, startupRuns: 5, rssSeconds: 15, soakMinutes }
  : { seconds: 10, rounds: 3, warmupS: 3, probes: 3, startupRuns: 11, rssSeconds: 60, soakMinutes };

/** Outcome is what one group of sections gave: the main table's, or one own section's. */
interface Outcome {
  figures: Figure[];
  raw: Record<string, unknown>;
  failed: Record<string, string>;
}

const machine = describeMachine();
const started = new Date();
console.log(`bench ${quick ? '--quick' : '(full)'}: ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}, load average ${machine.loadAverage.join(' ')}`);
const main: Outcome = { figures: [], raw: {}, failed: {} };
const own: Record<string, Outcome> = {};
for (const [name, section] of Object.entries(SECTIONS)) {
  if (only === null ? section.own === true : !only.includes(name)) continue;
  const into = section.own === true ? (own[name] = { figures: [], raw: {}, failed: {} }) : main;
  console.log(`\n== ${name}: ${section.title}`);
  const t0 = performance.now();
  try {
    const out = await section.run(settings);
    into.figures.push(...out.figures);
    into.raw[name] = out.raw;
  } catch (err) {
    // One section's failure (a tool missing, a server not starting) leaves the others' figures standing.
    into.failed[name] = (err as Error).message;
    console.error(`bench: ${name} failed: ${(err as Error).message}`);
  }
  console.log(`(${name}: ${((performance.now() - t0) / 1e3).toFixed(0)} s)`);
}

const wallS = (Date.now() - started.getTime()) / 1e3;
const mainRan = only === null || only.some((n) => SECTIONS[n].own !== true);
const groups: Array<[name: string | null, o: Outcome]> = mainRan ? [[null, main]] : [];
groups.push(...Object.entries(own));
const failures = groups.flatMap(([, o]) => Object.keys(o.failed));
for (const [, o] of groups) console.log(`\n${markdownTable(o.figures)}`);
console.log(`\nbench: ${groups.reduce((n, [, o]) => n + o.figures.length, 0)} figures in ${wallS.toFixed(0)} s${failures.length > 0 ? `; FAILED: ${failures.join(', ')}` : ''}`);
if (write) {
  for (const [name, o] of groups) writeGroup(name, o);
  console.log(`wrote ${RESULTS} and the marked section${groups.length > 1 ? 's' : ''} of ${README}`);
}
if (failures.length > 0) process.exitCode = 1;

/** writeGroup writes the main table (name null) or an own section into results.json and README.md, keeping the rest of both. */
function writeGroup(name: string | null, o: Outcome): void {
  const previous = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Record<string, unknown>) : {};
  const kept = (previous.own ?? {}) as Record<string, unknown>;
  const entry = { date: started.toISOString(), wall_s: wallS, quick, settings, machine, figures: o.figures, failed: o.failed, raw: o.raw };
  const doc =
    name === null
      ? { schema: 'loadgen.bench/v1', ...entry, sections: only ?? Object.keys(SECTIONS).filter((n) => SECTIONS[n].own !== true), own: kept }
      : { ...previous, schema: 'loadgen.bench/v1', own: { ...kept, [name]: entry } };
  writeFileSync(RESULTS, `${JSON.stringify(doc, null, 2)}\n`);
  replaceMarked(README, readmeSection(name, machine, started, markdownTable(o.figures), o.failed), name === null ? [BEGIN, END] : markers(name));
}

function readmeSection(name: string | null, m: Machine, date: Date, table: string, failed: Record<string, string>): string {
  const shape =
    name === 'soak'
      ? `${settings.soakMinutes} min per soak`
      : `${settings.rounds} round${settings.rounds > 1 ? 's' : ''} of ${settings.seconds} s per figure, start-up median of ${settings.startupRuns}, RSS over ${settings.rssSeconds} s`;
  const command = name === null ? 'npm run bench' : `npm run bench:${name}`;
  const kind = quick ? `**Quick run** (\`${command} -- --quick\`: ${shape}; a harness check, not figures of record)` : `Full run (\`${command}\`: ${shape})`;
  const sections = name !== null || only === null ? '' : ` Sections: ${only.filter((n) => SECTIONS[n].own !== true).join(', ')}.`;
  const lines = [
    `${kind}, ${date.toISOString().slice(0, 16).replace('T', ' ')} UTC: ${m.cpuModel}, ${m.cores} cores, Node ${m.node}, load average at start ${m.loadAverage.join(' ')}.${sections}`,
    '',
    table,
  ];
  for (const [section, message] of Object.entries(failed)) lines.push('', `Section ${section} failed: ${message}`);
  return lines.join('\n');
}
