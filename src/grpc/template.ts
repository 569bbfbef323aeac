/**
 * ghz's call templates (spec: ghz.md 6): the subset of Go's text/template that call data and
 * metadata use, compiled once and rendered per call.
 *
 * Supported: `{{.Field}}` for the fields below, function calls with arguments, pipes
 * (`{{.RequestNumber | add 1}}`), parentheses, string/number/bool literals, comments
 * (`{{/* ... *\/}}`) and the `{{-`/`-}}` trim markers. Not supported (a UsageError names it):
 * `if`, `else`, `range`, `with`, `define`, `template`, `block`, `break`, `continue`, variables
 * (`$x`), `.` on its own and chained fields.
 *
 * Fields: `.WorkerID`, `.RequestNumber` (from 0), `.FullyQualifiedName`, `.MethodName`,
 * `.ServiceName`, `.InputName`, `.OutputName`, `.IsClientStreaming`, `.IsServerStreaming`,
 * `.Timestamp` (RFC 3339, local offset), `.TimestampUnix`, `.TimestampUnixMilli`,
 * `.TimestampUnixNano`, `.UUID` (v4, one per call: every use in a call, data and metadata alike,
 * sees the same value).
 *
 * Functions (see TEMPLATE_FUNCTIONS): ghz's `newUUID`, `randomString n`, `randomInt min max`;
 * Go's `print` and `printf` (verbs %v %s %d %x %X %o %f %t %q %%, with flags, width and
 * precision); and these sprig functions: `upper`, `lower`, `title`, `trim`, `repeat`, `substr`,
 * `toString`, `add`, `add1`, `sub`, `mul`, `div`, `mod`, `max`, `min`, `randAlphaNum`,
 * `randAlpha`, `randNumeric`, `uuidv4`.
 */
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import type { GrpcMethod } from './grpc-method.js';
import { printTemplateValue } from './template-functions.js';
import { parseTemplate, type TemplateCallState, type TemplatePart } from './template-parser.js';

export { TemplateError, TEMPLATE_FUNCTIONS } from './template-functions.js';
export { skipTemplateAction, TEMPLATE_FIELDS } from './template-parser.js';

/** TemplateMethodInfo are the method facts a template can print (ghz's call template data). */
export interface TemplateMethodInfo {
  /** fullyQualifiedName is `pkg.Service.Method`. */
  readonly fullyQualifiedName: string;
  readonly methodName: string;
  /** serviceName, inputName and outputName are short names (no package), as ghz prints them. */
  readonly serviceName: string;
  readonly inputName: string;
  readonly outputName: string;
  readonly isClientStreaming: boolean;
  readonly isServerStreaming: boolean;
}

/** TemplateOptions mirror ghz's `--disable-template-data` and `--disable-template-functions`. */
export interface TemplateOptions {
  /** templating false uses the text as is (default true). */
  readonly templating?: boolean;
  /** functions false leaves only the fields (default true). */
  readonly functions?: boolean;
}

/**
 * TemplateCall is the per-call state a render reads: the request number and worker ID, plus the
 * UUID and the clock, each taken lazily and at most once per call. Reuse one with reset().
 */
export class TemplateCall implements TemplateCallState {
  requestNumber: number;
  workerId: string;
  private uuidValue: string | undefined;
  private unixNsValue: bigint | undefined;

  constructor(requestNumber = 0, workerId = '') {
    this.requestNumber = requestNumber;
    this.workerId = workerId;
    this.uuidValue = undefined;
    this.unixNsValue = undefined;
  }

  /** reset starts a new call (a new UUID and clock reading on next use). */
  reset(requestNumber: number, workerId: string): this {
    this.requestNumber = requestNumber;
    this.workerId = workerId;
    this.uuidValue = undefined;
    this.unixNsValue = undefined;
    return this;
  }

  /** uuid is this call's v4 UUID. */
  uuid(): string {
    this.uuidValue ??= randomUUID();
    return this.uuidValue;
  }

  /** unixNs is this call's wall-clock time in Unix nanoseconds (read once per call). */
  unixNs(): bigint {
    if (this.unixNsValue === undefined) {
      const ms = performance.timeOrigin + performance.now();
      const whole = Math.floor(ms);
      this.unixNsValue = BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1e6));
    }
    return this.unixNsValue;
  }
}

/** CompiledTemplate renders one template text per call. */
export interface CompiledTemplate {
  readonly source: string;
  /** dynamic is false when the text has no actions (render returns it unchanged). */
  readonly dynamic: boolean;
  render(call: TemplateCall): string;
}

/** hasTemplateActions tells whether text contains `{{`, i.e. whether it needs rendering. */
export function hasTemplateActions(text: string): boolean {
  return text.includes('{{');
}

/**
 * compileTemplate parses text once. Unsupported syntax, unknown fields or functions and
 * malformed actions throw a one-line UsageError (`template: ...`).
 */
export function compileTemplate(text: string, method: TemplateMethodInfo, options: TemplateOptions = {}): CompiledTemplate {
  if (options.templating === false || !hasTemplateActions(text)) return staticTemplate(text);
  const parts = parseTemplate(text, { method, functions: options.functions !== false });
  if (parts.every((p) => typeof p === 'string')) return staticTemplate(parts.join(''));
  return { source: text, dynamic: true, render: (call) => renderParts(parts, call) };
}

function staticTemplate(text: string): CompiledTemplate {
  return { source: text, dynamic: false, render: () => text };
}

function renderParts(parts: readonly TemplatePart[], call: TemplateCall): string {
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    out += typeof p === 'string' ? p : printTemplateValue(p(call));
  }
  return out;
}

/**
 * templateMethodInfo derives the template's method fields from a resolved method: the fully
 * qualified `pkg.Service.Method` and the short service, input and output names.
 */
export function templateMethodInfo(m: Pick<GrpcMethod, 'service' | 'method' | 'requestType' | 'responseType' | 'clientStreaming' | 'serverStreaming'>): TemplateMethodInfo {
  const short = (name: string): string => name.slice(name.lastIndexOf('.') + 1);
  return {
    fullyQualifiedName: `${m.service}.${m.method}`,
    methodName: m.method,
    serviceName: short(m.service),
    inputName: short(m.requestType),
    outputName: short(m.responseType),
    isClientStreaming: m.clientStreaming,
    isServerStreaming: m.serverStreaming,
  };
}
