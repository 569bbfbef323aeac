#!/usr/bin/env node
/**
 * The loadgen command line: yargs wiring only. Each command's handler module is loaded when the
 * command runs, so `--help` stays fast. This is the one file that maps errors to exit codes, and
 * the one that exits: an error prints one line and exits with its code's exit code from the one
 * table (core/errors.ts ERROR_CODES: bad input and unknown flags 2, not ready 3, anything else 1).
 */
// First, before yargs and the commands load: SIGINT/SIGTERM from the first millisecond (see the module).
import './early-signals.js';
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { EXIT_USAGE, exitCodeOf, LoadgenError } from '../core/errors.js';
import { registerFlags } from './register-flags.js';
import { CONFIG_SOURCES, type ConfigReport } from './apply-config.js';
import { seldonEnvLayer } from '../plan/seldon-env.js';
import { ATTACK_FLAGS } from '../plan/attack-flags.js';
import { DEMO_FLAGS } from '../plan/demo-flags.js';
import { GRPC_FLAGS } from '../plan/grpc-flags.js';
import { INFER_FLAGS } from '../plan/infer-flags.js';
import { LIFECYCLE_FLAGS } from '../plan/lifecycle-flags.js';
import { SERVE_FLAGS } from './serve-flags.js';
import { ASSERT_FLAGS } from '../plan/assert-flags.js';
import { COMPARE_FLAGS } from './compare-flags.js';
import { REPORT_FLAGS } from './report-flags.js';
import { MERGE_FLAGS } from './merge-flags.js';
import { SWEEP_FLAGS } from '../plan/sweep-flags.js';
import { FIND_MAX_COMMAND_FLAGS } from '../plan/find-max-flags.js';
import { GENERATE_FLAGS } from '../plan/generate-flags.js';

function fail(message: string, code: number): never {
  process.stderr.write(`loadgen: ${message}\n`);
  process.exit(code);
}

/**
 * skipHelpCache stops yargs from rendering a command's whole help text after parsing it, just in
 * case a later failure wants to print it (yargs' command.js calls cacheHelpMessage for every
 * command): measured at 80-100 ms of string-width work before the first request. Our fail()
 * never prints help, so the cache is never read. Internal API: if yargs renames it, this does nothing.
 */
function skipHelpCache(cli: Argv): void {
  const internal = (cli as unknown as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } }).getInternalMethods?.();
  const usage = internal?.getUsageInstance?.();
  if (usage?.cacheHelpMessage !== undefined) usage.cacheHelpMessage = () => {};
}

async function main(): Promise<void> {
  const cli = yargs(hideBin(process.argv))
    .scriptName('loadgen')
    .usage('$0 <command> [options]\n\nLoad and latency tests for HTTP services and ML inference servers.')
    .command('attack', 'vegeta-compatible HTTP load: targets file or --url, results as vegeta JSON/CSV', (y: Argv) =>
      registerFlags(y, ATTACK_FLAGS)
        .example('$0 attack --url http://127.0.0.1:8080/ --rate 1000 -d 5s', '1000 requests/s for 5 s, text report')
        .example('$0 attack --targets t.txt --rate 200/1s -d 30s -o results.jsonl --report vegeta-text', 'results readable by vegeta report'),
    )
    .command('infer', 'load an inference server (Open Inference Protocol v2 over HTTP)', (y: Argv) =>
      registerFlags(y, INFER_FLAGS, { envContract: seldonEnvLayer })
        .example('$0 infer --url http://127.0.0.1:8000 --model iris --rate 500 -d 30s', 'V2 inference at 500/s'),
    )
    .command('generate', 'generative (LLM) load: OpenAI chat/completions or OIP generate, streamed; TTFT, ITL, TPOT, tokens/s, goodput', (y: Argv) =>
      registerFlags(y, GENERATE_FLAGS)
        .example("$0 generate --url http://127.0.0.1:8000 --model m --rate 20 -d 30s --slo 'ttft<=500ms' --slo 'tpot<=50ms'", '20 streamed chat requests/s, goodput under two objectives'),
    )
    .command('lifecycle', 'model lifecycle: load each model, wait until ready, infer, unload (OIP model repository extension)', (y: Argv) =>
      registerFlags(y, LIFECYCLE_FLAGS)
        .example('$0 lifecycle --url http://127.0.0.1:8000 --models iris:20 --concurrency 4', 'load, infer and unload iris0..iris19, four at a time'),
    )
    .command('demo', 'a 10 s inference load test against the embedded reference server', (y: Argv) =>
      registerFlags(y, DEMO_FLAGS),
    )
    .command('grpc [host]', 'ghz-compatible gRPC load: any method of a .proto (unary or streaming), JSON call data, ghz reports', (y: Argv) =>
      registerFlags(y, GRPC_FLAGS).example(
        "$0 grpc --insecure --proto greeter.proto --call helloworld.Greeter/SayHello -d '{\"name\":\"x\"}' --rps 500 -z 30s 127.0.0.1:50051",
        'open loop at 500 calls/s for 30 s',
      ),
    )
    .command('report [files..]', 'report on a run record (--result) or on results files (vegeta JSON lines or CSV, from loadgen or vegeta)', (y: Argv) =>
      registerFlags(y, REPORT_FLAGS),
    )
    .command('merge <files..>', 'merge the run records of shards of one test (counts, histograms, per-second series, call logs)', (y: Argv) =>
      registerFlags(y, MERGE_FLAGS).example('$0 merge a.json b.json --result all.json --report text', 'two shards as one run'),
    )
    .command('compare [files..]', 'compare two targets: B - A of latency and throughput with bootstrap confidence intervals, from two records or rounds of each', (y: Argv) =>
      registerFlags(y, COMPARE_FLAGS)
        .example('$0 compare a.json b.json', 'one record per side: intervals by bootstrap over requests')
        .example('$0 compare --a a1.json,a2.json,a3.json --b b1.json,b2.json,b3.json --report html=ab.html', 'rounds per side: bootstrap over rounds'),
    )
    .command('find-max', 'the highest rate an inference server sustains within objectives: doubling, then bisecting, each step measured until stable', (y: Argv) =>
      registerFlags(y, FIND_MAX_COMMAND_FLAGS).example(
        "$0 find-max --url http://127.0.0.1:8000 --model iris --slo 'p99<=50ms' --slo 'error-rate<1%' --start-rate 100 --max-rate 5000",
        'ramp from 100/s, then bisect to 5 %',
      ),
    )
    .command('assert <record>', 'judge a saved run record on objectives (--slo, --thresholds; default: those it ran with); exit 99 on a miss', (y: Argv) =>
      registerFlags(y, ASSERT_FLAGS).example("$0 assert run.json --slo 'p99<=250ms' --slo 'error-rate<0.1%'", 'exit 99 if the run missed either'),
    )
    .command('sweep <config>', "parameter sweep: Howitzer's config (test_configs, k6_opts lists) or loadgen's YAML/JSON, one run per combination, roll-up in summary.json/md/html", (y: Argv) =>
      registerFlags(y, SWEEP_FLAGS).example('$0 sweep howitzer.json --out results --cooldown 5s', 'every combination in turn, each in results/NNN-<name>/'),
    )
    .command('serve', 'run the reference inference server (Open Inference Protocol v2, TF Serving and Seldon REST; V2 gRPC with --grpc-port)', (y: Argv) =>
      registerFlags(y, SERVE_FLAGS),
    )
    .demandCommand(1, 'name a command: attack, infer, generate, lifecycle, grpc, demo, find-max, report, merge, compare, assert, sweep or serve')
    .strict()
    .version()
    .help()
    .wrap(Math.min(120, process.stdout.columns || 100))
    .fail((msg, err) => {
      if (err instanceof LoadgenError) fail(err.message, err.exitCode);
      if (err) throw err;
      fail(`${msg} (see loadgen --help)`, EXIT_USAGE);
    });
  skipHelpCache(cli);
  const argv = await cli.parseAsync();
  const command = String(argv._[0]);
  const config = (argv as Record<symbol, unknown>)[CONFIG_SOURCES] as ConfigReport | undefined;
  if (argv.printConfig === true && config !== undefined) {
    process.stdout.write((await import('./print-config.js')).formatConfig(config));
    return;
  }
  const { runCommand } = await import('./commands.js');
  process.exitCode = await runCommand(command, argv);
}

main().catch((err: unknown) => {
  // A coded error is an expected ending (its message is the line to print); anything else is internal.
  const coded = err instanceof LoadgenError && err.code !== 'internal';
  const message = !(err instanceof Error) ? String(err) : coded || !process.env.LOADGEN_DEBUG ? err.message : String(err.stack);
  fail(message, exitCodeOf(err));
});
