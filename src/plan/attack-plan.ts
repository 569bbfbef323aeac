/**
 * buildAttackPlan turns `loadgen attack` flags into a Plan with vegeta's semantics: one target from
 * --url/--method, or a targets file (vegeta's http or json format, stdin by default) used
 * round-robin, or streamed with --lazy; X-Vegeta-Seq and X-Vegeta-Attack on every request.
 */
import { withK6Outputs } from './k6-output-flags.js';
import { withShard } from './shard-flags.js';
import { runOutputs } from './run-output-flags.js';
import { parseLoadOptions, runMeta } from './load-options.js';
import type { AttackFlags } from './attack-flags.js';
import { reportSpecs } from './report-specs.js';
import type { Plan, RequestSource } from './plan.js';
import { parseHeaderFlags } from './headers.js';
import { preparedFromTarget } from '../protocols/prepared-from-target.js';
import { parseHttpTargets, parseJsonTargets, type Target } from '../protocols/targets.js';
import { UsageError } from '../core/errors.js';
import { readInputFile } from './read-input.js';
import { checkUrl } from './check-url.js';
import { redactUrl } from '../core/redact.js';

export function buildAttackPlan(f: AttackFlags): Plan {
  const options = parseLoadOptions(f);
  const headers = parseHeaderFlags(f.header);
  const format = f.format ?? 'http';
  if (format !== 'http' && format !== 'json') {
    throw new UsageError(`--format: "${format}" is not a targets format; use http or json`);
  }
  const targetsPath = f.targets ?? '-';
  let source: RequestSource;
  let description: string;
  if (f.url !== undefined) {
    if (f.targets !== undefined) throw new UsageError('--url and --targets exclude each other: give one target or a targets file');
    const method = (f.method ?? 'GET').toUpperCase();
    if (!/^[A-Z]+$/.test(method)) throw new UsageError(`--method: "${f.method}" is not an HTTP method, e.g. GET or POST`);
    const target: Target = { method, url: checkUrl(f.url, '--url'), headers, body: f.body === undefined ? null : readInputFile(f.body, '--body') };
    source = { kind: 'list', requests: [preparedFromTarget(target)] };
    description = `${method} ${target.url}`;
  } else if (f.lazy) {
    if (targetsPath === '-') throw new UsageError('--lazy reads the targets file as the run goes; give it with --targets FILE (stdin is not supported)');
    readInputFile(targetsPath, '--targets'); // fail now, not in a worker, if it cannot be read
    source = { kind: 'lazy-targets', path: targetsPath, format, headers, bodyPath: f.body ?? null };
    description = `targets from ${targetsPath} (lazy)`;
  } else {
    const opts = {
      headers,
      body: f.body === undefined ? null : readInputFile(f.body, '--body'),
      readBodyFile: (p: string) => readInputFile(p, `${targetsPath}: body file`),
    };
    const text = readInputFile(targetsPath, '--targets').toString('utf8');
    const sourceName = targetsPath === '-' ? 'stdin' : targetsPath;
    const targets = format === 'json' ? parseJsonTargets(text, sourceName, opts) : parseHttpTargets(text, sourceName, opts);
    source = { kind: 'list', requests: targets.map(preparedFromTarget) };
    description = targets.length === 1 ? `${targets[0].method} ${targets[0].url}` : `${targets.length} targets from ${sourceName}`;
  }
  const plan: Plan = {
    // A URL's credentials go out as its Authorization header (preparedFromTarget), never printed.
    meta: runMeta('attack', f.name, redactUrl(description), options),
    ...options,
    source,
    vegetaHeaders: true,
    readiness: null,
    warmUp: null,
    reports: reportSpecs(f.report, options.output),
    ...runOutputs(f),
    ghz: null,
  };
  return withShard(withK6Outputs(plan, f), f);
}

