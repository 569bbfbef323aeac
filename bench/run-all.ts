/**
 * npm run bench: every figure of issue 13 in one run, peers side by side on the same cores
 * (target on core 0, generator on core 1, pinned with taskset), rounds interleaved, medians and
 * ratios. Writes bench/results.json (every figure with its unit, the raw runs, the machine) and
 * replaces the marked section of bench/README.md with the table.
 *
 * Usage: npm run bench [-- --quick] [--only http,grpc,open-loop,tensor,startup,rss] [--no-write]
 * --quick runs fewer, shorter rounds (a pre-merge check, under 3 minutes); --only runs some
 * sections; --no-write prints without touching results.json and README.md.
 * Needs nginx, wrk, hey, h2load, /usr/bin/time and taskset; run it alone on the machine.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BEGIN, END, markdownTable, replaceMarked, type Figure } from './lib/figures.js';
import { describeMachine, type Machine } from './lib/machine.js';
import { SECTIONS, type Settings } from './sections.js';

const BENCH_DIR = fileURLToPath(new URL('../../bench/', import.meta.url));
const quick = process.argv.includes('--quick');
const write = !process.argv.includes('--no-write');
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt < 0 ? null : process.argv[onlyAt + 1].split(',');
const unknown = only?.filter((s) => !(s in SECTIONS)) ?? [];
if (unknown.length > 0) {
  console.error(`bench: unknown section ${unknown.join(', ')}; sections are ${Object.keys(SECTIONS).join(', ')}`);
  process.exit(2);
}

const settings: Settings = quick
  ? { seconds: 3, rounds: 1, warmupS: 1, probes: 1, startupRuns: 5, rssSeconds: 15 }
  : { seconds: 10, rounds: 3, warmupS: 3, probes: 3, startupRuns: 11, rssSeconds: 60 };

const machine = describeMachine();
const started = new Date();
console.log(`bench ${quick ? '--quick' : '(full)'}: ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}, load average ${machine.loadAverage.join(' ')}`);
const figures: Figure[] = [];
const raw: Record<string, unknown> = {};
const failed: Record<string, string> = {};
for (const [name, section] of Object.entries(SECTIONS)) {
  if (only !== null && !only.includes(name)) continue;
  console.log(`\n== ${name}: ${section.title}`);
  const t0 = performance.now();
  try {
    const out = await section.run(settings);
    figures.push(...out.figures);
    raw[name] = out.raw;
  } catch (err) {
    // One section's failure (a tool missing, a server not starting) leaves the others' figures standing.
    failed[name] = (err as Error).message;
    console.error(`bench: ${name} failed: ${(err as Error).message}`);
  }
  console.log(`(${name}: ${((performance.now() - t0) / 1e3).toFixed(0)} s)`);
}

const table = markdownTable(figures);
console.log(`\n${table}`);
const wallS = (Date.now() - started.getTime()) / 1e3;
console.log(`\nbench: ${figures.length} figures in ${wallS.toFixed(0)} s${Object.keys(failed).length > 0 ? `; FAILED: ${Object.keys(failed).join(', ')}` : ''}`);
if (write) {
  const doc = { schema: 'loadgen.bench/v1', date: started.toISOString(), wall_s: wallS, quick, sections: only ?? Object.keys(SECTIONS), settings, machine, figures, failed, raw };
  writeFileSync(`${BENCH_DIR}results.json`, `${JSON.stringify(doc, null, 2)}\n`);
  replaceMarked(`${BENCH_DIR}README.md`, readmeSection(machine, started, table, failed));
  console.log(`wrote ${BENCH_DIR}results.json and the ${BEGIN} ... ${END} section of ${BENCH_DIR}README.md`);
}
if (Object.keys(failed).length > 0) process.exitCode = 1;

function readmeSection(m: Machine, date: Date, table: string, failures: Record<string, string>): string {
  const shape = `${settings.rounds} round${settings.rounds > 1 ? 's' : ''} of ${settings.seconds} s per figure, start-up median of ${settings.startupRuns}, RSS over ${settings.rssSeconds} s`;
  const kind = quick ? `**Quick run** (\`npm run bench -- --quick\`: ${shape}; a harness check, not figures of record)` : `Full run (\`npm run bench\`: ${shape})`;
  const sections = only === null ? '' : ` Sections: ${only.join(', ')}.`;
  const lines = [
    `${kind}, ${date.toISOString().slice(0, 16).replace('T', ' ')} UTC: ${m.cpuModel}, ${m.cores} cores, Node ${m.node}, load average at start ${m.loadAverage.join(' ')}.${sections}`,
    '',
    table,
  ];
  for (const [name, message] of Object.entries(failures)) lines.push('', `Section ${name} failed: ${message}`);
  return lines.join('\n');
}
