/**
 * parsePrometheusText reads the Prometheus text exposition format (version 0.0.4), what model
 * servers serve on /metrics: `# TYPE name kind` lines and samples `name{label="value",...} value
 * [timestamp]`. It keeps samples and declared types; HELP and other comments are skipped. A line
 * that is not a sample is skipped too, as Prometheus' own parser would refuse the whole page and a
 * load test should still report what it could read.
 */

/** PromSample is one sample line: its metric name, labels and value (NaN and ±Inf included). */
export interface PromSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** PromPage is one scrape: its samples and the declared type of each metric family. */
export interface PromPage {
  readonly samples: readonly PromSample[];
  readonly types: ReadonlyMap<string, string>;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;

export function parsePrometheusText(text: string): PromPage {
  const samples: PromSample[] = [];
  const types = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const m = /^#\s*TYPE\s+(\S+)\s+(\S+)/.exec(line);
      if (m !== null) types.set(m[1], m[2]);
      continue;
    }
    const sample = parseSample(line);
    if (sample !== null) samples.push(sample);
  }
  return { samples, types };
}

function parseSample(line: string): PromSample | null {
  const name = NAME.exec(line)?.[0];
  if (name === undefined) return null;
  let i = name.length;
  const labels: Record<string, string> = {};
  if (line[i] === '{') {
    const end = parseLabels(line, i + 1, labels);
    if (end < 0) return null;
    i = end;
  }
  const fields = line.slice(i).trim().split(/\s+/);
  const value = parseValue(fields[0] ?? '');
  return value === null ? null : { name, labels, value };
}

/** parseLabels reads `a="x",b="y"}` from i into labels; returns the index after `}`, -1 if malformed. */
function parseLabels(line: string, i: number, labels: Record<string, string>): number {
  for (;;) {
    while (line[i] === ' ' || line[i] === ',') i++;
    if (line[i] === '}') return i + 1;
    const key = NAME.exec(line.slice(i))?.[0];
    if (key === undefined || line[i + key.length] !== '=' || line[i + key.length + 1] !== '"') return -1;
    i += key.length + 2;
    let value = '';
    for (; i < line.length && line[i] !== '"'; i++) {
      if (line[i] !== '\\') {
        value += line[i];
        continue;
      }
      i++;
      value += line[i] === 'n' ? '\n' : line[i];
    }
    if (i >= line.length) return -1;
    labels[key] = value;
    i++;
  }
}

function parseValue(text: string): number | null {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  const v = Number(text);
  return text === '' || Number.isNaN(v) ? null : v;
}
