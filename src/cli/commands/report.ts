import { parseHistBuckets } from '../../reporters/vegeta-hist.js';
import { parseReportSpec } from '../../reporters/report-spec.js';
import { readResults } from '../../results/results-decoder.js';
import { replayResults } from '../../results/replay.js';
import type { Argv } from '../commands.js';
import { writeReports } from '../execute-run.js';
import { asList } from '../../plan/flag-schema.js';

/** report runs `loadgen report`: re-reports from per-request results files. */
export async function report(argv: Argv): Promise<number> {
  const files = (argv.files as string[] | undefined) ?? [];
  const buckets = argv.buckets === undefined ? null : parseHistBuckets(String(argv.buckets), '--buckets');
  const output = argv.output as string | undefined;
  const listed = asList(argv.type);
  const types = listed.length === 0 ? ['text'] : listed;
  const specs = types.map((t) => {
    const spec = parseReportSpec(t, '--type', buckets);
    return spec.file === null && output !== undefined ? { ...spec, file: output } : spec;
  });
  const result = await replayResults(readResults(files), files.length === 0 ? 'stdin' : files.join(', '));
  writeReports(specs, result);
  return 0;
}
