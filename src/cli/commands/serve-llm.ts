import { parseDuration } from '../../core/units.js';
import { seededRandom } from '../../core/seeded-random.js';
import { parseLatencyModel } from '../../servers/latency-model.js';
import { startLlmServer } from '../../servers/llm-server.js';
import type { ServeFlags } from '../serve-flags.js';
import { untilStopped } from '../until-stopped.js';

/** serveLlm runs the reference LLM server (`serve --llm`) until SIGINT/SIGTERM or its parent (pid parent) is gone. */
export async function serveLlm(f: ServeFlags, parent: number): Promise<number> {
  const server = await startLlmServer({
    host: f.host ?? '127.0.0.1',
    port: f.port ?? 8000,
    ttft: f.ttft === undefined ? undefined : parseLatencyModel(f.ttft, '--ttft'),
    itl: f.itl === undefined ? undefined : parseLatencyModel(f.itl, '--itl'),
    outputTokens: f.outputTokens,
    sseComments: f.sseComments === true,
    h2c: f.h2c === true,
    usage: f.usage ?? true,
    tokenText: f.tokenText,
    random: f.seed === undefined ? Math.random : seededRandom(f.seed),
    faults: {
      stallRate: f.stallRate ?? 0,
      stallMs: parseDuration(f.stall ?? '1s', '--stall') / 1e6,
      errorRate: f.streamErrorRate ?? 0,
      closeRate: f.closeRate ?? 0,
    },
  });
  process.stderr.write(`loadgen: reference LLM server listening on ${server.url}\n`);
  await untilStopped(parent);
  const s = server.stats;
  process.stderr.write(`loadgen: served ${s.requests} requests, ${s.tokensSent} output tokens\n`);
  await server.close();
  return 0;
}
