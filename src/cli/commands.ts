/**
 * runCommand loads and runs one command's handler; the handlers turn parsed argv into a plan (or
 * server options) and hand it to the engine. Returns the process exit code.
 */
export type Argv = Record<string, unknown>;

export async function runCommand(command: string, argv: Argv): Promise<number> {
  switch (command) {
    case 'attack':
      return (await import('./commands/attack.js')).attack(argv);
    case 'grpc':
      return (await import('./commands/grpc.js')).grpc(argv);
    case 'infer':
      return (await import('./commands/infer.js')).infer(argv);
    case 'lifecycle':
      return (await import('./commands/lifecycle.js')).lifecycle(argv);
    case 'demo':
      return (await import('./commands/demo.js')).demo(argv);
    case 'report':
      return (await import('./commands/report.js')).report(argv);
    case 'merge':
      return (await import('./commands/merge.js')).merge(argv);
    case 'serve':
      return (await import('./commands/serve.js')).serve(argv);
    default:
      throw new Error(`unknown command ${command}`);
  }
}
