/**
 * Imported first by main.ts, for its side effect: the load commands take SIGINT and SIGTERM from
 * the first millisecond of the process (cli/stop-signals.ts), before yargs and the command modules
 * load (0.3-1 s on a busy machine), so a Ctrl-C or a CI runner's SIGTERM during start-up ends
 * with a report of 0 requests instead of no report. Other commands keep Node's default handling
 * (serve installs its own). argv[2] is the command name as main.ts's yargs reads it.
 */
import { installSignalHub } from './stop-signals.js';

const LOAD_COMMANDS: ReadonlySet<string> = new Set(['attack', 'infer', 'demo', 'grpc', 'lifecycle']);

if (LOAD_COMMANDS.has(process.argv[2] ?? '')) installSignalHub();
