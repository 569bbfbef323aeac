import { buildInferPlan, type InferFlags } from '../../plan/infer-plan.js';
import { parseLatencyModel } from '../../servers/latency-model.js';
import { startReferenceServer } from '../../servers/reference-server.js';
import type { Argv } from '../commands.js';
import { executeRun } from '../execute-run.js';
import { resultPathOf } from '../result-file.js';
import { reportSpecs } from '../report-flags.js';

/** DEMO_DEFAULTS make `loadgen demo` a 10 s open-loop test at 200/s of a 1 ms iris model. */
const DEMO_DEFAULTS = { rate: '200', duration: '10s', model: 'iris', latency: '1ms' } as const;

/** demo starts the embedded reference server and runs an inference test against it. */
export async function demo(argv: Argv): Promise<number> {
  const resultPath = resultPathOf(argv.result);
  const latency = parseLatencyModel(String(argv.latency ?? DEMO_DEFAULTS.latency));
  const server = await startReferenceServer({ port: 0, latency });
  try {
    const closedLoop = argv.vus !== undefined;
    const flags = {
      ...argv,
      url: server.url,
      model: (argv.model as string | undefined) ?? DEMO_DEFAULTS.model,
      rate: closedLoop ? undefined : ((argv.rate as string | undefined) ?? DEMO_DEFAULTS.rate),
      duration: argv.iterations === undefined ? ((argv.duration as string | undefined) ?? DEMO_DEFAULTS.duration) : argv.duration,
    } as unknown as InferFlags;
    const plan = buildInferPlan(flags, 'demo');
    process.stderr.write(`loadgen: reference server on ${server.url}; ${plan.meta.target}, ${flags.duration ?? ''}\n`);
    await executeRun(plan, reportSpecs(argv.report, plan.output), resultPath);
  } finally {
    await server.close();
  }
  return 0;
}
