import { parseLatencyModel } from '../../servers/latency-model.js';
import { startReferenceServer } from '../../servers/reference-server.js';
import type { Argv } from '../commands.js';

/** serve runs the reference inference server until SIGINT/SIGTERM. */
export async function serve(argv: Argv): Promise<number> {
  const server = await startReferenceServer({
    host: (argv.host as string | undefined) ?? '127.0.0.1',
    port: (argv.port as number | undefined) ?? 8000,
    latency: argv.latency === undefined ? undefined : parseLatencyModel(String(argv.latency)),
    errorRate: (argv.errorRate as number | undefined) ?? 0,
    errorStatus: (argv.errorStatus as number | undefined) ?? 500,
  });
  process.stderr.write(`loadgen: reference inference server listening on ${server.url}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}
