/**
 * CallMetadata is the gRPC metadata sent with every call, from ghz's `-m` (JSON text) or `-M`
 * (JSON file): an object of string keys and string values, templated like the call data (spec:
 * ghz.md 5, 6). Keys are lower-cased, as HTTP/2 requires; the values of keys ending in `-bin` are
 * base64-decoded and sent as binary metadata. Metadata without template actions is checked and
 * built once.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import { compileTemplate, hasTemplateActions, TemplateCall, TemplateError, type TemplateMethodInfo, type TemplateOptions } from './template.js';

/** MetadataEntry is one metadata key (lower case) and its value (Buffer for `-bin` keys). */
export type MetadataEntry = readonly [key: string, value: string | Buffer];

/** CallMetadata yields the metadata of each call. */
export interface CallMetadata {
  /** dynamic is true when the metadata is rendered per call. */
  readonly dynamic: boolean;
  /** reportMetadata is the metadata as ghz's report option `metadata` shows it (before templating), when it parses. */
  readonly reportMetadata: Readonly<Record<string, string>> | undefined;
  /**
   * entriesFor returns the entries for call; static metadata returns the same array every time.
   * Templated metadata that renders to invalid metadata throws a TemplateError.
   */
  entriesFor(call: TemplateCall): readonly MetadataEntry[];
}

/** MetadataFlags are ghz's metadata flags. */
export interface MetadataFlags {
  /** metadata is `-m`: a JSON object of strings. */
  readonly metadata?: string;
  /** metadataFile is `-M`: a file holding such an object. */
  readonly metadataFile?: string;
}

/** BINARY_SUFFIX marks binary metadata keys, whose values are given base64-encoded. */
export const BINARY_SUFFIX = '-bin';

const KEY = /^[0-9a-z_.-]+$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

/**
 * buildMetadata reads and checks `-m`/`-M`; null when neither is given. Both given, an unreadable
 * file, invalid JSON, a value that is not a string, an invalid key or value, bad base64 in a
 * `-bin` value, or unsupported template syntax throw a one-line UsageError.
 */
export function buildMetadata(flags: MetadataFlags, method: TemplateMethodInfo, options: TemplateOptions = {}): CallMetadata | null {
  if (flags.metadata !== undefined && flags.metadataFile !== undefined) throw new UsageError('give metadata with -m or -M, not both');
  let text: string;
  let source: string;
  if (flags.metadata !== undefined) {
    text = flags.metadata;
    source = '-m';
  } else if (flags.metadataFile !== undefined) {
    source = `-M ${flags.metadataFile}`;
    try {
      text = readFileSync(flags.metadataFile, 'utf8');
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      throw new UsageError(`-M: cannot read "${flags.metadataFile}": ${e.code ?? e.message}`);
    }
  } else {
    return null;
  }
  const reportMetadata = reportForm(text);
  if (options.templating === false || !hasTemplateActions(text)) {
    const entries = metadataEntries(text, source, UsageError);
    return { dynamic: false, reportMetadata, entriesFor: () => entries };
  }
  const template = compileTemplate(text, method, options);
  const entriesFor = (call: TemplateCall): readonly MetadataEntry[] => metadataEntries(template.render(call), source, TemplateError);
  try {
    entriesFor(new TemplateCall(0, 'g0c0'));
  } catch (err) {
    if (err instanceof TemplateError) throw new UsageError(err.message);
    throw err;
  }
  return { dynamic: true, reportMetadata, entriesFor };
}

type ErrorClass = new (message: string) => Error;

/** metadataEntries parses and checks metadata JSON text, throwing Err with a one-line message. */
function metadataEntries(text: string, source: string, Err: ErrorClass): MetadataEntry[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Err(`${source}: invalid JSON: ${(err as Error).message.replace(/\s+/g, ' ')}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Err(`${source}: metadata must be a JSON object of strings`);
  const entries: MetadataEntry[] = [];
  for (const [rawKey, v] of Object.entries(value)) {
    const key = rawKey.toLowerCase();
    if (typeof v !== 'string') throw new Err(`${source}: metadata "${rawKey}" must be a string, got ${JSON.stringify(v)}`);
    if (!KEY.test(key)) throw new Err(`${source}: invalid metadata key "${rawKey}" (use letters, digits, "-", "_" and ".")`);
    if (key.endsWith(BINARY_SUFFIX)) {
      if (!BASE64.test(v)) throw new Err(`${source}: metadata "${rawKey}" must be base64 (its key ends in -bin)`);
      entries.push([key, Buffer.from(v, 'base64')]);
    } else {
      if (!PRINTABLE_ASCII.test(v)) throw new Err(`${source}: metadata "${rawKey}" has characters other than printable ASCII; use a -bin key for binary values`);
      entries.push([key, v]);
    }
  }
  return entries;
}

/** reportForm is the untemplated text as a string map (ghz unmarshals it into map[string]string), or undefined. */
function reportForm(text: string): Readonly<Record<string, string>> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    return Object.values(value).every((v) => typeof v === 'string') ? (value as Record<string, string>) : undefined;
  } catch {
    return undefined;
  }
}

/** GZIP_METADATA are the headers of a call whose request message is gzipped. */
export const GZIP_METADATA: ReadonlyArray<readonly [string, string]> = [
  ['grpc-encoding', 'gzip'],
  ['grpc-accept-encoding', 'identity,gzip'],
];
