/**
 * configTextLayer: a YAML or JSON config file's keys are flag names (kebab or camelCase), each
 * value checked against the flag table and kept with its file:line; every kind of bad file is one
 * UsageError with the line and the fix.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { UsageError } from '../../src/core/errors.js';
import { configFileLayer, configTextLayer } from '../../src/plan/config-file.js';
import type { FlagTable } from '../../src/plan/flag-schema.js';

const TABLE = {
  rate: { type: 'string' },
  'max-in-flight': { type: 'number' },
  duration: { alias: 'd', type: 'string' },
  header: { alias: 'H', type: 'string', repeatable: true },
  insecure: { type: 'boolean' },
} as const satisfies FlagTable;

function values(text: string, path = 'c.yaml'): Record<string, [unknown, string]> {
  const out: Record<string, [unknown, string]> = {};
  for (const [name, { value, source }] of configTextLayer(TABLE, text, path, 'attack')) {
    out[name] = [value, source.kind === 'file' ? `${source.path}:${source.line}` : source.kind];
  }
  return out;
}

test('YAML: kebab and camelCase keys, numbers for string flags, lists for repeatable flags, each with its line', () => {
  const yaml = ['# a comment', 'rate: 200', 'maxInFlight: 64', 'duration: 30s', 'header:', '  - "A: 1"', '  - "B: 2"', 'insecure: true', ''].join('\n');
  assert.deepEqual(values(yaml), {
    rate: ['200', 'c.yaml:2'],
    'max-in-flight': [64, 'c.yaml:3'],
    duration: ['30s', 'c.yaml:4'],
    header: [['A: 1', 'B: 2'], 'c.yaml:5'],
    insecure: [true, 'c.yaml:8'],
  });
  assert.deepEqual(values('header: "A: 1"\n'), { header: [['A: 1'], 'c.yaml:1'] }, 'one value of a repeatable flag is a list of one');
  assert.deepEqual(values(''), {}, 'an empty file sets nothing');
});

test('JSON: the same keys and values, with lines', () => {
  const json = '{\n  "rate": "100/1s",\n  "max-in-flight": 8,\n  "header": ["A: 1"]\n}\n';
  assert.deepEqual(values(json, 'c.json'), { rate: ['100/1s', 'c.json:2'], 'max-in-flight': [8, 'c.json:3'], header: [['A: 1'], 'c.json:4'] });
});

test('bad config files: one UsageError with file:line naming the key and the fix', () => {
  // file text                                    the whole message
  const cases: Array<[string, string]> = [
    ['rate: 1\nrat: 2\n', 'c.yaml:2: unknown key "rat": not a flag of loadgen attack (did you mean rate?)'],
    ['d: 1s\n', 'c.yaml:1: unknown key "d": not a flag of loadgen attack (did you mean duration?)'],
    ['rate: 1\n\nworkers: 2\n', 'c.yaml:3: unknown key "workers": not a flag of loadgen attack (see loadgen attack --help for its flags)'],
    ['max-in-flight: many\n', 'c.yaml:1: max-in-flight expects a number, got "many" (fix: max-in-flight: 10)'],
    ['insecure: maybe\n', 'c.yaml:1: insecure expects true or false, got "maybe" (fix: insecure: true)'],
    ['rate:\n', 'c.yaml:1: rate expects a string, got null (fix: rate: "...")'],
    ['rate: {a: 1}\n', 'c.yaml:1: rate expects a string, got a mapping (fix: rate: "...")'],
    ['duration: [1s, 2s]\n', 'c.yaml:1: duration takes one value, got a list (fix: duration: "...")'],
    ['- rate\n', 'c.yaml:1: the config file must be a mapping of flag names to values, e.g. "rate: 100"'],
    ['rate: 1\nrate: 2\n', 'c.yaml:2: not valid YAML or JSON: Map keys must be unique'],
    ['rate: [1, 2\n', 'c.yaml:2: not valid YAML or JSON: Flow sequence in block collection must be sufficiently indented and end with a ]'],
    ['{"rate": 1,,}', 'c.yaml:1: not valid YAML or JSON: Unexpected , in flow map'],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => configTextLayer(TABLE, text, 'c.yaml', 'attack'), (e: unknown) => e instanceof UsageError && e.message === message, `${JSON.stringify(text)} -> ${message}`);
  }
});

test('configFileLayer reads the file; one it cannot read is a UsageError naming --config and the path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loadgen-config-file-'));
  const path = join(dir, 'c.yml');
  writeFileSync(path, 'rate: 5\n');
  assert.deepEqual([...configFileLayer(TABLE, path, 'attack').keys()], ['rate']);
  assert.throws(() => configFileLayer(TABLE, join(dir, 'none.yaml'), 'attack'), (e: unknown) => e instanceof UsageError && e.message === `--config: cannot read "${join(dir, 'none.yaml')}": no such file`);
  assert.throws(() => configFileLayer(TABLE, dir, 'attack'), (e: unknown) => e instanceof UsageError && /it is a directory/.test(e.message));
});
