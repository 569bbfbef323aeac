/**
 * runCommand loads and runs one command's handler with its typed flags, picked out of the parsed
 * argv by the command's flag table; the handlers turn them into a plan (or server options) and
 * execute it. Returns the process exit code.
 */
import { flagsFrom } from '../plan/flag-schema.js';
import { ATTACK_FLAGS } from '../plan/attack-flags.js';
import { DEMO_FLAGS } from '../plan/demo-flags.js';
import { GRPC_FLAGS } from '../plan/grpc-flags.js';
import { INFER_FLAGS } from '../plan/infer-flags.js';
import { LIFECYCLE_FLAGS } from '../plan/lifecycle-flags.js';
import { SERVE_FLAGS } from './serve-flags.js';
import { ASSERT_FLAGS } from '../plan/assert-flags.js';
import { COMPARE_FLAGS } from './compare-flags.js';
import { SWEEP_FLAGS } from '../plan/sweep-flags.js';
import { FIND_MAX_COMMAND_FLAGS } from '../plan/find-max-flags.js';
import { GENERATE_FLAGS } from '../plan/generate-flags.js';

/** Argv is yargs' parsed command line. */
export type Argv = Readonly<Record<string, unknown>>;

export async function runCommand(command: string, argv: Argv): Promise<number> {
  switch (command) {
    case 'attack':
      return (await import('./commands/attack.js')).attack(flagsFrom(ATTACK_FLAGS, argv));
    case 'grpc':
      return (await import('./commands/grpc.js')).grpc(flagsFrom(GRPC_FLAGS, argv));
    case 'infer':
      return (await import('./commands/infer.js')).infer(flagsFrom(INFER_FLAGS, argv));
    case 'generate':
      return (await import('./commands/generate.js')).generate(flagsFrom(GENERATE_FLAGS, argv));
    case 'lifecycle':
      return (await import('./commands/lifecycle.js')).lifecycle(flagsFrom(LIFECYCLE_FLAGS, argv));
    case 'demo':
      return (await import('./commands/demo.js')).demo(flagsFrom(DEMO_FLAGS, argv));
    case 'report':
      return (await import('./commands/report.js')).report(argv);
    case 'assert':
      return (await import('./commands/assert.js')).assertRecord(flagsFrom(ASSERT_FLAGS, argv));
    case 'merge':
      return (await import('./commands/merge.js')).merge(argv);
    case 'compare':
      // After `--`, yargs leaves the load of a live comparison in argv._ (after the command name).
      return (await import('./commands/compare.js')).compare(flagsFrom(COMPARE_FLAGS, argv), (argv._ as unknown[]).slice(1).map(String));
    case 'sweep':
      return (await import('./commands/sweep.js')).sweep(flagsFrom(SWEEP_FLAGS, argv));
    case 'find-max':
      return (await import('./commands/find-max.js')).findMax(flagsFrom(FIND_MAX_COMMAND_FLAGS, argv));
    case 'serve':
      return (await import('./commands/serve.js')).serve(flagsFrom(SERVE_FLAGS, argv));
    default:
      throw new Error(`unknown command ${command}`);
  }
}
