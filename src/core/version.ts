import { readFileSync } from 'node:fs';
import { packagePath } from './package-root.js';

/** TOOL_VERSION is loadgen's version, read once from package.json. */
export const TOOL_VERSION: string = (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
