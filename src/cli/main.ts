#!/usr/bin/env node
/**
 * The loadgen command line: yargs wiring only. Each command's handler module is loaded when the
 * command runs, so `--help` stays fast. This is the one file that maps errors to exit codes, and
 * the one that exits: an error prints one line and exits with its code's exit code from the one
 * table (core/errors.ts ERROR_CODES: bad input and unknown flags 2, not ready 3, anything else 1).
 */
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { EXIT_USAGE, exitCodeOf, LoadgenError } from '../core/errors.js';
import { withLoadFlags } from './load-flags.js';
import { withGrpcFlags } from './grpc-flags.js';

function fail(message: string, code: number): never {
  process.stderr.write(`loadgen: ${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  const cli = yargs(hideBin(process.argv))
    .scriptName('loadgen')
    .usage('$0 <command> [options]\n\nLoad and latency tests for HTTP services and ML inference servers.')
    .command('attack', 'vegeta-compatible HTTP load: targets file or --url, results as vegeta JSON/CSV', (y: Argv) =>
      withLoadFlags(y)
        .option('targets', { type: 'string', group: 'Targets:', describe: 'targets file in vegeta http or json format (default: stdin)' })
        .option('format', { type: 'string', group: 'Targets:', describe: 'targets format: http (default) or json' })
        .option('lazy', { type: 'boolean', group: 'Targets:', describe: 'read targets as the run goes; the run ends when they do' })
        .option('url', { type: 'string', group: 'Targets:', describe: 'a single target URL instead of a targets file' })
        .option('method', { type: 'string', group: 'Targets:', describe: 'method for --url (default GET)' })
        .option('body', { type: 'string', group: 'Targets:', describe: 'request body file for targets without their own' })
        .example('$0 attack --url http://127.0.0.1:8080/ --rate 1000 -d 5s', '1000 requests/s for 5 s, text report')
        .example('$0 attack --targets t.txt --rate 200/1s -d 30s -o results.jsonl --report vegeta-text', 'results readable by vegeta report'),
    )
    .command('infer', 'load an inference server (Open Inference Protocol v2 over HTTP)', (y: Argv) =>
      withLoadFlags(y)
        .option('url', { type: 'string', demandOption: true, group: 'Inference:', describe: 'server base URL, e.g. http://127.0.0.1:8000' })
        .option('model', { type: 'string', group: 'Inference:', describe: 'model name' })
        .option('model-type', { type: 'string', group: 'Inference:', describe: 'model-zoo type whose payload to send (tfsimple, iris, sentiment, tfresnet152, ...); --model defaults to it' })
        .option('models', { type: 'string', group: 'Inference:', describe: 'several models: TYPE:COUNT,... e.g. iris:10,tfsimple:5 (iris0..iris9, tfsimple0..tfsimple4)' })
        .option('model-version', { type: 'string', group: 'Inference:', describe: 'model version (adds /versions/V to the path)' })
        .option('proto', { type: 'string', group: 'Inference:', describe: 'serving protocol: v2 (Open Inference Protocol, default), tfserving, seldon' })
        .option('payload', { type: 'string', group: 'Inference:', describe: 'request: a payloads/ name (iris, tfsimple, ...) or a V2 JSON file (default: named after --model)' })
        .option('input', { type: 'string', group: 'Inference:', describe: 'synthetic input NAME:DATATYPE:SHAPE[:FILL] (repeatable), e.g. input_1:FP32:B,224,224,3:random' })
        .option('binary-data', { type: 'boolean', group: 'Inference:', describe: 'v2: send tensors with the binary tensor extension' })
        .option('binary-output', { type: 'boolean', group: 'Inference:', describe: 'v2: ask for binary outputs' })
        .option('format', { type: 'string', group: 'Inference:', describe: 'tfserving: row (instances, default) or columnar (inputs); seldon: ndarray (default) or tensor' })
        .option('signature', { type: 'string', group: 'Inference:', describe: 'tfserving: signature_name' })
        .option('seldon-model', { type: 'string', group: 'Seldon Core 2:', describe: 'route through the mesh: seldon-model header/metadata NAME, or auto (each request\'s model)' })
        .option('pipeline', { type: 'boolean', group: 'Seldon Core 2:', describe: 'route to the pipeline: seldon-model NAME.pipeline' })
        .option('seldon-internal', { type: 'boolean', group: 'Seldon Core 2:', describe: 'bypass Envoy: versioned name NAME_1 everywhere and the seldon-internal-model header' })
        .option('request-id-prefix', { type: 'string', group: 'Seldon Core 2:', describe: 'send x-request-id: PREFIX_<15 random alphanumerics> with every request' })
        .option('wait-ready', { type: 'string', group: 'Inference:', describe: 'before load, wait up to this long for server and model readiness (exit 3 if not ready)' })
        .option('warmup', { type: 'number', group: 'Inference:', describe: 'send N checked requests per model before the run, kept out of every statistic' })
        .option('warmup-duration', { type: 'string', group: 'Inference:', describe: 'warm each model up for this long (with --warmup N: at least N requests)' })
        .option('check', { type: 'boolean', group: 'Inference:', describe: 'count a response as a success only if it is a well-formed inference response with the expected outputs (default true; --no-check)' })
        .option('batch-size', { type: 'number', group: 'Inference:', describe: 'batch size for named payloads (default 1)' })
        .option('transport', { type: 'string', group: 'Inference:', describe: 'http (default) or grpc (v2: ModelInfer; tfserving: PredictionService/Predict; seldon: Seldon/Predict)' })
        .option('mix', { type: 'string', group: 'Inference:', describe: 'send over both transports, e.g. http:1,grpc:1 (gRPC to --grpc-url, default --url)' })
        .option('grpc-url', { type: 'string', group: 'Inference:', describe: 'with --mix: the gRPC server, e.g. 127.0.0.1:9000 (default: --url)' })
        .option('grpc-client', { type: 'string', group: 'Inference:', describe: 'gRPC client: h2 (default) or grpc-js' })
        .option('raw-contents', { type: 'boolean', group: 'Inference:', describe: 'gRPC v2: send tensors as raw_input_contents instead of typed contents' })
        .example('$0 infer --url http://127.0.0.1:8000 --model iris --rate 500 -d 30s', 'V2 inference at 500/s'),
    )
    .command('lifecycle', 'model lifecycle: load each model, wait until ready, infer, unload (OIP model repository extension)', (y: Argv) =>
      y
        .option('url', { type: 'string', demandOption: true, group: 'Lifecycle:', describe: 'server base URL, e.g. http://127.0.0.1:8000' })
        .option('models', { type: 'string', demandOption: true, group: 'Lifecycle:', describe: 'models to cycle: TYPE:COUNT,... e.g. iris:20 (iris0..iris19, each sent the iris payload)' })
        .option('repository', { type: 'string', group: 'Lifecycle:', describe: 'repository API: v2 (OIP repository extension over HTTP, default; the only one so far)' })
        .option('concurrency', { type: 'number', group: 'Lifecycle:', describe: 'model cycles in progress at once (default 1)' })
        .option('infer-requests', { type: 'number', group: 'Lifecycle:', describe: 'checked inference requests per model cycle, one after another (default 10; 0 = load and unload only)' })
        .option('cycles', { type: 'number', group: 'Lifecycle:', describe: 'how often to cycle the whole set of models (default 1)' })
        .option('ready-timeout', { type: 'string', group: 'Lifecycle:', describe: 'longest wait from the load request to ready, polled every 50ms (default 60s)' })
        .option('timeout', { type: 'string', group: 'Lifecycle:', describe: 'timeout of each inference and unload request (default 30s)' })
        .option('batch-size', { type: 'number', group: 'Lifecycle:', describe: 'batch size of the named payloads (default 1)' })
        .option('report', { type: 'string', group: 'Lifecycle:', describe: 'report: text (default) or json, optionally =FILE (repeatable)' })
        .example('$0 lifecycle --url http://127.0.0.1:8000 --models iris:20 --concurrency 4', 'load, infer and unload iris0..iris19, four at a time'),
    )
    .command('demo', 'a 10 s inference load test against the embedded reference server', (y: Argv) =>
      withLoadFlags(y)
        .option('model', { type: 'string', describe: 'model to load: iris (default) or tfsimple' })
        .option('latency', { type: 'string', describe: 'server latency: 2ms, uniform:1ms-5ms, normal:10ms,2ms, exp:5ms (default 1ms)' }),
    )
    .command('grpc <host>', 'ghz-compatible gRPC load: any method of a .proto (unary or streaming), JSON call data, ghz reports', (y: Argv) =>
      withGrpcFlags(y).example(
        "$0 grpc --insecure --proto greeter.proto --call helloworld.Greeter/SayHello -d '{\"name\":\"x\"}' --rps 500 -z 30s 127.0.0.1:50051",
        'open loop at 500 calls/s for 30 s',
      ),
    )
    .command('report [files..]', 'report on results files (vegeta JSON lines or CSV, from loadgen or vegeta)', (y: Argv) =>
      y
        .positional('files', { type: 'string', array: true, describe: 'results files (default: stdin)' })
        .option('type', { type: 'string', describe: 'report type: text, json, vegeta-text, vegeta-json, vegeta-hist[...], hdrplot (repeatable, TYPE[=FILE])' })
        .option('buckets', { type: 'string', describe: "histogram buckets for vegeta-hist / vegeta-json, e.g. '[0,1ms,5ms]'" })
        .option('output', { alias: 'o', type: 'string', describe: 'write the report to FILE instead of stdout' }),
    )
    .command('serve', 'run the reference inference server (Open Inference Protocol v2, TF Serving and Seldon REST; V2 gRPC with --grpc-port)', (y: Argv) =>
      y
        .option('host', { type: 'string', describe: 'address to listen on (default 127.0.0.1)' })
        .option('port', { type: 'number', describe: 'port (default 8000; 0 = any)' })
        .option('latency', { type: 'string', describe: 'latency before each inference answer: 10ms, uniform:5ms-15ms, normal:10ms,2ms, exp:5ms' })
        .option('error-rate', { type: 'number', describe: 'share of inference requests answered with --error-status (0..1)' })
        .option('error-status', { type: 'number', describe: 'status code of injected errors (default 500)' })
        .option('grpc-port', { type: 'number', describe: 'also serve the V2 gRPC service and loadgen.echo.Echo on this port (0 = any)' })
        .option('model-instances', { type: 'boolean', describe: 'serve numbered instances (iris0, iris1, ...) of every model type, for --models' })
        .option('not-ready-for', { type: 'number', describe: 'answer not ready (503) for this many seconds after starting' }),
    )
    .demandCommand(1, 'name a command: attack, infer, lifecycle, grpc, demo, report or serve (see --help)')
    .strict()
    .version()
    .help()
    .wrap(Math.min(120, process.stdout.columns || 100))
    .fail((msg, err) => {
      if (err instanceof LoadgenError) fail(err.message, err.exitCode);
      if (err) throw err;
      fail(`${msg} (see loadgen --help)`, EXIT_USAGE);
    });
  const argv = await cli.parseAsync();
  const command = String(argv._[0]);
  const { runCommand } = await import('./commands.js');
  process.exitCode = await runCommand(command, argv as unknown as Record<string, unknown>);
}

main().catch((err: unknown) => {
  // A coded error is an expected ending (its message is the line to print); anything else is internal.
  const coded = err instanceof LoadgenError && err.code !== 'internal';
  const message = !(err instanceof Error) ? String(err) : coded || !process.env.LOADGEN_DEBUG ? err.message : String(err.stack);
  fail(message, exitCodeOf(err));
});
