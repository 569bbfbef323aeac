/**
 * `loadgen grpc`'s output flags, ghz's way: one report (-O FORMAT, to -o FILE or stdout) in one
 * of ghz's formats or loadgen's own (text; lg-json, which adds CO-corrected latency and dropped),
 * and --tags for the report.
 */
import { UsageError } from '../core/errors.js';
import type { GhzReportSpec } from '../reporters/ghz-formats.js';
import type { PlannedReport } from './plan.js';

/** GRPC_FORMATS maps `-O` to the report it writes: ghz's formats, then loadgen's own. */
const GRPC_FORMATS: Readonly<Record<string, GhzReportSpec['type'] | 'text' | 'json'>> = {
  summary: 'ghz-summary',
  json: 'ghz-json',
  pretty: 'ghz-pretty',
  csv: 'ghz-csv',
  text: 'text',
  'lg-json': 'json',
};

/** ghzReports reads -O/--format (default summary) and -o/--output (default stdout). */
export function ghzReports(format: string | undefined, output: string | undefined): PlannedReport[] {
  const name = format ?? 'summary';
  const type = Object.hasOwn(GRPC_FORMATS, name) ? GRPC_FORMATS[name] : undefined;
  if (type === undefined) throw new UsageError(`-O/--format: "${name}" is not a format; use ${Object.keys(GRPC_FORMATS).join(', ')}`);
  const file = output === undefined || output === '-' ? null : output;
  return [{ type, file }];
}

/** parseTags reads ghz's --tags: a JSON object of string values. */
export function parseTags(text: string | undefined): Record<string, string> {
  if (text === undefined) return {};
  let tags: unknown;
  try {
    tags = JSON.parse(text);
  } catch {
    throw new UsageError(`--tags: "${text}" is not JSON; give an object of strings, e.g. '{"env":"staging"}'`);
  }
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags) || Object.values(tags).some((v) => typeof v !== 'string')) {
    throw new UsageError('--tags: give a JSON object of string values, e.g. \'{"env":"staging"}\'');
  }
  return tags as Record<string, string>;
}
