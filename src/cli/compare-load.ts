/**
 * compareLoad reads the load of a live `loadgen compare` (the command line after `--`: an infer,
 * attack or grpc command) with that command's own flag table, and plans it once per side: the
 * side's target in place of the load's (--url, or grpc's HOST:PORT) and the side's headers added
 * (--header; for grpc, metadata), through the command's own plan builder, so a side runs exactly
 * as `loadgen infer ...` would. Everything is checked here, before any request.
 */
import yargs from 'yargs';
import { UsageError } from '../core/errors.js';
import { asList, camelCase, type FlagTable } from '../plan/flag-schema.js';
import { LOAD_PLANS } from './load-plans.js';
import { parseHeaderFlags } from '../plan/headers.js';
import type { Plan } from '../plan/plan.js';
import { registerFlags } from './register-flags.js';

type Argv = Readonly<Record<string, unknown>>;

/** LoadCommand is a command a live comparison can run, and how its target and headers are given. */
interface LoadCommand {
  readonly table: FlagTable;
  /** target is the flag naming the server: --url, or grpc's positional HOST:PORT. */
  readonly target: 'url' | 'host';
  readonly plan: (argv: Argv) => Plan;
  /** withHeaders adds header pairs to the parsed flags (as --header, or grpc's JSON metadata). */
  readonly withHeaders: (argv: Argv, pairs: ReadonlyArray<readonly [string, string]>) => Argv;
}

const asHeaderFlags = (argv: Argv, pairs: ReadonlyArray<readonly [string, string]>): Argv => ({
  ...argv,
  header: [...asList(argv.header), ...pairs.map(([k, v]) => `${k}: ${v}`)],
});

export const LOAD_COMMANDS: Readonly<Record<string, LoadCommand>> = {
  infer: { ...LOAD_PLANS.infer, target: 'url', withHeaders: asHeaderFlags },
  attack: { ...LOAD_PLANS.attack, target: 'url', withHeaders: asHeaderFlags },
  grpc: { ...LOAD_PLANS.grpc, target: 'host', withHeaders: asMetadata },
};

/**
 * REFUSED are the load's flags a comparison cannot honour, each with what to do instead: the
 * rounds' outputs are compare's (--out, --report), and a round is not judged on its own.
 */
const REFUSED: Readonly<Record<string, string>> = {
  result: "each round's record is saved with compare's --out DIR",
  report: "compare writes its own reports: give --report before --",
  output: 'a results stream per round is not kept; save the records with --out DIR',
  format: "grpc's -O report is not written by compare: give --report before --",
  out: "k6 outputs are not written by compare; save the records with --out DIR",
  'summary-export': 'k6 outputs are not written by compare; save the records with --out DIR',
  slo: 'compare does not judge rounds on objectives: judge a saved round with loadgen assert',
  thresholds: 'compare does not judge rounds on objectives: judge a saved round with loadgen assert',
  'dry-run': 'give --dry-run before --, to compare',
};

/**
 * SideSpec is one side of a live comparison: its target (null = the load's own), added headers,
 * and a config file of its own flags (null = none), read under the load's command line.
 */
export interface SideSpec {
  readonly label: 'A' | 'B';
  readonly target: string | null;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly config?: string | null;
}

/** ComparedLoad is the load as parsed, and a plan per side. */
export interface ComparedLoad {
  readonly command: string;
  readonly a: Plan;
  readonly b: Plan;
  /** targets name each side in the report: its target and added headers. */
  readonly targets: { readonly a: string; readonly b: string };
}

const LOAD_USAGE = 'give the load after --, e.g. loadgen compare --a URL --b URL -- infer --model iris --rate 200 -d 10s';

/** compareLoad plans the load args (command first) for both sides; bad input is one UsageError line. */
export function compareLoad(args: readonly string[], a: SideSpec, b: SideSpec): ComparedLoad {
  const [command, ...rest] = args;
  const load = LOAD_COMMANDS[command];
  if (load === undefined) throw new UsageError(`compare: "${command}" is not a load command; ${LOAD_USAGE} (infer, attack or grpc)`);
  // A side's config file comes last on its command line, so it wins over a --config in the load.
  const argvOf = (s: SideSpec) => (s.config == null ? parseLoadArgs(command, load, rest) : parseLoadArgs(command, load, [...rest, '--config', s.config]));
  const side = (s: SideSpec) => {
    const argv = argvOf(s);
    if (command === 'attack' && argv.url === undefined && argv.targets === undefined) {
      throw new UsageError('compare: attack would read its targets from stdin once per side; give --url or --targets FILE');
    }
    return sidePlan(command, load, argv, s);
  };
  const [pa, pb] = [side(a), side(b)];
  return { command, a: pa.plan, b: pb.plan, targets: { a: pa.target, b: pb.target } };
}

/** parseLoadArgs parses the load with its command's table (its target flag optional); grpc's HOST:PORT lands in `host`. */
function parseLoadArgs(command: string, load: LoadCommand, args: readonly string[]): Argv {
  const options = Object.fromEntries(
    Object.entries(load.table)
      .filter(([, spec]) => !spec.positional)
      .map(([name, spec]) => [name, name === load.target ? { ...spec, demandOption: false } : spec]),
  );
  let argv: Record<string, unknown>;
  try {
    // strictOptions, not strict: positionals are checked below (grpc's HOST:PORT is one).
    argv = registerFlags(yargs([...args]), options)
      .strictOptions()
      .help(false)
      .version(false)
      .exitProcess(false)
      .fail((msg, err) => {
        throw err ?? new UsageError(msg);
      })
      .parseSync();
  } catch (err) {
    throw new UsageError(`compare: the load's command line (${command}): ${(err as Error).message}`);
  }
  const positionals = (argv._ as unknown[]).map(String);
  if (load.target === 'host' && positionals.length <= 1) argv.host = positionals[0];
  else if (positionals.length > 0) throw new UsageError(`compare: the load's command line (${command}): unexpected argument "${positionals[0]}"`);
  for (const [flag, instead] of Object.entries(REFUSED)) {
    if (flag in load.table && argv[camelCase(flag)] !== undefined) throw new UsageError(`compare: --${flag} in the load: ${instead}`);
  }
  return argv;
}

/** sidePlan builds one side's plan; the builder's errors are named for the side. */
function sidePlan(command: string, load: LoadCommand, argv: Argv, s: SideSpec): { plan: Plan; target: string } {
  const target = s.target ?? (argv[load.target] as string | undefined);
  if (target === undefined) {
    const flag = load.target === 'url' ? '--url' : 'HOST:PORT';
    throw new UsageError(`compare: side ${s.label} has no target; give --${s.label.toLowerCase()} URL, or ${flag} in the load for both sides`);
  }
  const withTarget = { ...argv, [load.target]: target };
  const sideArgv = s.headers.length === 0 ? withTarget : load.withHeaders(withTarget, s.headers);
  try {
    const plan = load.plan(sideArgv);
    const headers = s.headers.map(([k, v]) => ` [${k}: ${v}]`).join('');
    return { plan, target: `${target}${headers}` };
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    throw new UsageError(`compare: side ${s.label} (${command} to ${target}): ${err.message}`);
  }
}

/** asMetadata adds header pairs to grpc's -m JSON object (a metadata file cannot be merged into). */
function asMetadata(argv: Argv, pairs: ReadonlyArray<readonly [string, string]>): Argv {
  if (argv.metadataFile !== undefined) throw new UsageError('compare: --a-header/--b-header and the load\'s --metadata-file exclude each other; give the metadata with -m JSON');
  let base: unknown = {};
  if (argv.metadata !== undefined) {
    try {
      base = JSON.parse(String(argv.metadata));
    } catch {
      throw new UsageError(`compare: the load's --metadata is not JSON; give an object of strings, e.g. -m '{"k":"v"}'`);
    }
  }
  if (typeof base !== 'object' || base === null || Array.isArray(base)) throw new UsageError(`compare: the load's --metadata is not a JSON object; give an object of strings, e.g. -m '{"k":"v"}'`);
  return { ...argv, metadata: JSON.stringify({ ...base, ...Object.fromEntries(pairs) }) };
}

/** sideHeaders reads --a-header / --b-header values (flag names the one in an error). */
export function sideHeaders(values: string | readonly string[] | undefined, flag: string): Array<[string, string]> {
  return asList(values).map((h) => {
    try {
      return parseHeaderFlags(h)[0];
    } catch {
      throw new UsageError(`${flag}: "${h}" is not a header; use ${flag} "Name: value"`);
    }
  });
}
