import { buildDemoPlan, DEMO_DEFAULTS, demoDuration } from '../../plan/demo-plan.js';
import type { DemoFlags } from '../../plan/demo-flags.js';
import { parseLatencyModel } from '../../servers/latency-model.js';
import { startReferenceServer } from '../../servers/reference-server.js';
import { execute } from '../execute-run.js';

/** demo starts the embedded reference server and runs an inference test against it. */
export async function demo(flags: DemoFlags): Promise<number> {
  const latency = parseLatencyModel(flags.latency ?? DEMO_DEFAULTS.latency);
  const server = await startReferenceServer({ port: 0, latency });
  try {
    const plan = buildDemoPlan(flags, server.url);
    if (flags.dryRun !== true) process.stderr.write(`loadgen: reference server on ${server.url}; ${plan.meta.target}, ${demoDuration(flags) ?? ''}\n`);
    return await execute(plan, { dryRun: flags.dryRun });
  } finally {
    await server.close();
  }
}
