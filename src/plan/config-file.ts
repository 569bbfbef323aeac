/**
 * configFileLayer reads `--config FILE`: a YAML or JSON mapping of flag names (kebab-case as on
 * the command line, or camelCase) to values, checked against the command's flag table. An unknown
 * key, a value of the wrong type, a file that cannot be read and bad YAML are each one UsageError
 * with the file and line, before any load. JSON is read by the same YAML 1.2 parser (JSON is YAML),
 * so both get line numbers. The parser is loaded only when a config file is given: it costs more
 * start-up time than the rest of the CLI's parsing (the config middleware itself runs on every
 * command and must stay synchronous for yargs' validation after it).
 */
import { createRequire } from 'node:module';
import type { Node } from 'yaml';
import { UsageError } from '../core/errors.js';
import { camelCase, type FlagTable } from './flag-schema.js';
import { typedValue, type ConfigLayer, type ConfigValue } from './config-sources.js';
import { readInputFile } from './read-input.js';

/** configFileLayer is the values of the config file at path, for the command `command` with this table. */
export function configFileLayer(table: FlagTable, path: string, command: string): ConfigLayer {
  return configTextLayer(table, readInputFile(path, '--config').toString('utf8'), path, command);
}

/** configTextLayer is configFileLayer on text already read (path names it in errors and sources). */
export function configTextLayer(table: FlagTable, text: string, path: string, command: string): ConfigLayer {
  const { isMap, isScalar, LineCounter, parseDocument } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const lineOf = (offset: number): number => lines.linePos(offset).line;
  const error = doc.errors[0];
  if (error !== undefined) {
    const why = error.message.replace(/\s+at line \d+, column \d+.*$/s, '').split('\n')[0];
    throw new UsageError(`${path}:${lineOf(error.pos[0])}: not valid YAML or JSON: ${why}`);
  }
  const layer = new Map<string, ConfigValue>();
  if (doc.contents === null) return layer;
  if (!isMap(doc.contents)) {
    throw new UsageError(`${path}:${lineOf(doc.contents.range[0])}: the config file must be a mapping of flag names to values, e.g. "rate: 100"`);
  }
  const names = flagNames(table);
  for (const pair of doc.contents.items) {
    const keyNode = pair.key as Node | null;
    const line = keyNode?.range ? lineOf(keyNode.range[0]) : 1;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const name = names.get(key);
    if (name === undefined) throw new UsageError(`${path}:${line}: ${unknownKey(table, key, command)}`);
    const raw = (pair.value as Node | null)?.toJS(doc) ?? null;
    layer.set(name, { value: typedValue(name, table[name]!, raw, { file: path, line }), source: { kind: 'file', path, line } });
  }
  return layer;
}

/** flagNames maps each accepted key (the kebab name and its camelCase) to the table's flag name. */
function flagNames(table: FlagTable): Map<string, string> {
  const names = new Map<string, string>();
  for (const name of Object.keys(table)) {
    names.set(name, name);
    names.set(camelCase(name), name);
  }
  return names;
}

function unknownKey(table: FlagTable, key: string, command: string): string {
  const byAlias = Object.entries(table).find(([, spec]) => spec.alias === key)?.[0];
  const near = byAlias ?? nearest(Object.keys(table), key);
  const fix = near === undefined ? `see loadgen ${command} --help for its flags` : `did you mean ${near}?`;
  return `unknown key "${key}": not a flag of loadgen ${command} (${fix})`;
}

/** nearest is the flag name within two edits of key, if there is one (typos, not guesses). */
function nearest(names: readonly string[], key: string): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const name of names) {
    const d = editDistance(name, key);
    if (d <= 2 && (best === undefined || d < best.d)) best = { name, d };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}
