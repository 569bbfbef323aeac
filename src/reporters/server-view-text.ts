/**
 * serverViewText shows the model server's account of the run beside the client's: how many
 * inferences the server answered and where a request's time went, and what is left of the
 * client's mean latency once the server's time is taken off (network and client overhead).
 */
import type { ServerView } from '../core/server-view.js';
import { goDuration, tabwriter, vegetaRound } from './go-format.js';

export function serverViewText(v: ServerView, clientMeanNs: number | null): string {
  const d = (x: number | null) => (x === null ? '-' : goDuration(vegetaRound(x)));
  const rows: string[] = [`Server metrics (${v.family === 'other' ? 'no Triton or MLServer metrics found' : v.family}, ${v.url}):`];
  if (v.successes !== null) rows.push(`  inferences\t${v.successes} ok, ${v.failures ?? 0} failed`);
  if (v.requestNs !== null) {
    let line = `  server time (mean)\t${d(v.requestNs)}`;
    if (v.queueNs !== null) {
      const compute = (v.computeInputNs ?? 0) + (v.computeInferNs ?? 0) + (v.computeOutputNs ?? 0);
      line += ` = queue ${d(v.queueNs)} + compute ${d(compute)} (input ${d(v.computeInputNs)}, infer ${d(v.computeInferNs)}, output ${d(v.computeOutputNs)})`;
    }
    rows.push(line);
  }
  if (clientMeanNs !== null) {
    rows.push(`  client latency (mean)\t${d(clientMeanNs)}`);
    if (v.requestNs !== null) rows.push(`  network and overhead\t${d(clientMeanNs - v.requestNs)}`);
  }
  for (const m of v.metrics) {
    const value = m.delta === null ? 'not exposed' : m.mean === null ? `+${m.delta}` : `+${m.delta} (mean ${m.mean})`;
    rows.push(`  ${m.name}\t${value}`);
  }
  return tabwriter(rows.join('\n') + '\n');
}
