import { readFileSync } from 'node:fs';

/** TOOL_VERSION is loadgen's version, read once from package.json (dist/src/core/ is three levels below it). */
export const TOOL_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** PACKAGE_ROOT is the folder holding package.json, payloads/ and protos/. */
export const PACKAGE_ROOT = new URL('../../../', import.meta.url);
