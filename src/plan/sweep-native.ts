/**
 * nativeSweep reads loadgen's own sweep format (YAML or JSON): a command and its flags, where any
 * flag given as a list is swept (Cartesian product, last key fastest, as Howitzer's):
 *
 *     title: iris rates             # optional, with description
 *     cooldown: 2s                  # optional pause between runs (--cooldown wins)
 *     name: iris                    # run names iris_0, iris_1, ... (default: the command)
 *     command: infer                # infer, attack, grpc or generate
 *     reports: [html]               # optional extra reports in each run's folder
 *     flags: {url: http://127.0.0.1:8000, model: iris, rate: [100, 200], duration: 10s}
 *
 * or several of those under `sweeps: [...]`. Flags are the command's long names; `true`/`false`
 * give `--flag`/`--no-flag`; a list inside the list repeats a flag within one run
 * (`slo: [["p99<=50ms", "error-rate<1%"]]`); grpc's `host` is its positional argument.
 */
import { ATTACK_FLAGS } from './attack-flags.js';
import type { FlagTable } from './flag-schema.js';
import { GRPC_FLAGS } from './grpc-flags.js';
import { GENERATE_FLAGS } from './generate-flags.js';
import { INFER_FLAGS } from './infer-flags.js';
import { explodeOptions } from './sweep-explode.js';
import { isObject, type KeyPath, type SweepDocument } from './sweep-document.js';
import { instanceName, scalarArg, SWEEP_COMMANDS, type SweepCommand, type SweepRun, type SweepSpec } from './sweep-run.js';

const TABLES: Readonly<Record<SweepCommand, FlagTable>> = { infer: INFER_FLAGS, attack: ATTACK_FLAGS, grpc: GRPC_FLAGS, generate: GENERATE_FLAGS };

/** RESERVED are the flags the sweep sets itself, pointing each run's outputs into its folder. */
const RESERVED: Readonly<Record<string, string>> = {
  result: 'each run writes record.json in its folder',
  report: 'list report types under "reports:"; they are written in each run\'s folder',
  'summary-export': "each run writes k6-summary.json in its folder",
  'dry-run': 'give loadgen sweep --dry-run',
};
const GRPC_RESERVED: readonly string[] = ['format', 'output'];

const TOP_KEYS = ['title', 'description', 'cooldown', 'sweeps', 'name', 'command', 'reports', 'flags'];
const SWEEP_KEYS = ['name', 'description', 'command', 'reports', 'flags'];

/** nativeSweep explodes a loadgen sweep document into runs of its commands. */
export function nativeSweep(doc: SweepDocument): SweepSpec {
  const root = doc.value as Record<string, unknown>;
  for (const key of Object.keys(root)) if (!TOP_KEYS.includes(key)) throw doc.fail([key], `unknown key; a sweep has ${TOP_KEYS.join(', ')}`);
  const runs: SweepRun[] = [];
  if (root.sweeps !== undefined) {
    if (root.command !== undefined || root.flags !== undefined) throw doc.fail(['sweeps'], 'give either sweeps: [...] or one command with its flags, not both');
    if (!Array.isArray(root.sweeps) || root.sweeps.length === 0) throw doc.fail(['sweeps'], 'must be a non-empty list of {name, command, flags}');
    root.sweeps.forEach((s, i) => runs.push(...familyRuns(doc, s, ['sweeps', i])));
  } else {
    runs.push(...familyRuns(doc, { name: root.name, command: root.command, reports: root.reports, flags: root.flags }, []));
  }
  const cooldown = root.cooldown === undefined ? null : scalarArg(root.cooldown);
  if (cooldown === null && root.cooldown !== undefined) throw doc.fail(['cooldown'], 'must be a duration, e.g. 5s');
  return {
    format: 'loadgen',
    title: typeof root.title === 'string' ? root.title : 'loadgen sweep',
    description: typeof root.description === 'string' ? root.description : '',
    cooldown,
    runs,
  };
}

function familyRuns(doc: SweepDocument, family: unknown, at: KeyPath): SweepRun[] {
  if (!isObject(family)) throw doc.fail(at, 'a sweep is a map of name, command and flags');
  if (at.length > 0) for (const key of Object.keys(family)) if (!SWEEP_KEYS.includes(key)) throw doc.fail([...at, key], `unknown key; a sweep has ${SWEEP_KEYS.join(', ')}`);
  const command = family.command;
  if (typeof command !== 'string' || !(SWEEP_COMMANDS as readonly string[]).includes(command)) {
    throw doc.fail([...at, 'command'], `must be one of ${SWEEP_COMMANDS.join(', ')}, got ${JSON.stringify(command)}`);
  }
  const cmd = command as SweepCommand;
  const name = family.name === undefined ? cmd : scalarArg(family.name);
  if (name === null || name === '') throw doc.fail([...at, 'name'], 'must be a non-empty string');
  const flags = family.flags;
  if (!isObject(flags)) throw doc.fail([...at, 'flags'], `must be a map of ${cmd}'s flags, e.g. {url: http://127.0.0.1:8000, rate: [100, 200]}`);
  for (const [key, value] of Object.entries(flags)) checkFlag(doc, cmd, key, value, [...at, 'flags', key]);
  const reports = reportsOf(doc, family.reports, [...at, 'reports']);
  return explodeOptions(flags, (_key, value) => Array.isArray(value)).map((c, n) => ({
    name: instanceName(name, n),
    command: cmd,
    args: flagArgs(c.options),
    swept: c.swept,
    testConfig: { name, ...(typeof family.description === 'string' ? { description: family.description } : {}), command: cmd, flags: c.options },
    thresholds: null,
    reports,
  }));
}

function checkFlag(doc: SweepDocument, cmd: SweepCommand, key: string, value: unknown, at: KeyPath): void {
  if (Object.hasOwn(RESERVED, key)) throw doc.fail(at, `the sweep sets --${key} itself: ${RESERVED[key]}`);
  if (cmd === 'grpc' && GRPC_RESERVED.includes(key)) throw doc.fail(at, `the sweep sets --${key} itself (each run's report.txt); list extra reports under "reports:"`);
  const spec = TABLES[cmd][key];
  if (spec === undefined) throw doc.fail(at, `"${key}" is not a flag of loadgen ${cmd} (flags are the long names, e.g. rate, vus, duration; see loadgen ${cmd} --help)`);
  const values = Array.isArray(value) ? value : [value];
  if (values.length === 0) throw doc.fail(at, 'an empty list sweeps nothing; give at least one value');
  for (const v of values) {
    const items = Array.isArray(v) ? v : [v];
    if (Array.isArray(v) && spec.repeatable !== true) throw doc.fail(at, `--${key} is given once per run; a list of lists repeats only repeatable flags`);
    for (const item of items) {
      const ok = spec.type === 'boolean' ? typeof item === 'boolean' : scalarArg(item) !== null;
      if (!ok) throw doc.fail(at, `--${key} takes ${spec.type === 'boolean' ? 'true or false' : `a ${spec.type}`}, got ${JSON.stringify(item)}`);
    }
  }
}

/** flagArgs writes one run's flags as a command line, grpc's host first (its positional argument). */
function flagArgs(options: Readonly<Record<string, unknown>>): string[] {
  const args: string[] = options.host === undefined ? [] : [String(options.host)];
  for (const [key, value] of Object.entries(options)) {
    if (key === 'host') continue;
    for (const v of Array.isArray(value) ? value : [value]) {
      if (typeof v === 'boolean') args.push(v ? `--${key}` : `--no-${key}`);
      else args.push(`--${key}`, String(v));
    }
  }
  return args;
}

function reportsOf(doc: SweepDocument, v: unknown, at: KeyPath): string[] {
  if (v === undefined) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((t, i) => {
    if (typeof t !== 'string' || t === '' || t.includes('=')) throw doc.fail([...at, i], 'a report is a type name (html, json, k6-summary, ...); its file goes in the run folder');
    return t;
  });
}
