/**
 * The parser of ghz call templates (the Go text/template subset described in template.ts): it
 * splits text into literal parts and actions and compiles each action (fields, function calls,
 * pipes, literals) into an evaluator, once, so rendering is a loop of concatenations.
 */
import { UsageError } from '../core/errors.js';
import { rfc3339Nano } from '../core/time-format.js';
import type { TemplateMethodInfo } from './template.js';
import { TEMPLATE_FUNCTIONS, type TemplateValue } from './template-functions.js';

/** TemplateCallState is what evaluators read of a call (TemplateCall implements it). */
export interface TemplateCallState {
  readonly requestNumber: number;
  readonly workerId: string;
  uuid(): string;
  unixNs(): bigint;
}

/** Evaluator computes one value for a call. */
export type Evaluator = (call: TemplateCallState) => TemplateValue;
/** TemplatePart is literal text or an action printed per call. */
export type TemplatePart = string | Evaluator;

/** CompileContext is what compiling an action needs: the method facts and whether functions are on. */
export interface CompileContext {
  readonly method: TemplateMethodInfo;
  readonly functions: boolean;
}

/** LITERAL_CALL is a stand-in call for evaluating constant arguments at compile time. */
const LITERAL_CALL: TemplateCallState = { requestNumber: 0, workerId: '', uuid: () => '', unixNs: () => 0n };

function fail(what: string): never {
  throw new UsageError(`template: ${what}`);
}

const KEYWORDS = new Set(['if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'break', 'continue', 'nil']);

/** parseTemplate splits text into literal parts and compiled actions, applying trim markers. */
export function parseTemplate(text: string, ctx: CompileContext): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let pos = 0;
  let trimNext = false;
  while (pos < text.length) {
    const open = text.indexOf('{{', pos);
    let literal = text.slice(pos, open < 0 ? text.length : open);
    if (trimNext) literal = literal.replace(/^\s+/, '');
    if (open < 0) {
      if (literal !== '') parts.push(literal);
      break;
    }
    let start = open + 2;
    const trimLeft = text.startsWith('- ', start) || text.startsWith('-\t', start) || text.startsWith('-\n', start) || text.startsWith('-\r', start);
    if (trimLeft) {
      literal = literal.replace(/\s+$/, '');
      start += 1;
    }
    if (literal !== '') parts.push(literal);
    const close = findActionEnd(text, start);
    let end = close;
    trimNext = false;
    if (/\s-$/.test(text.slice(start, close))) {
      trimNext = true;
      end = close - 1;
    }
    const body = text.slice(start, end).trim();
    pos = close + 2;
    if (body.startsWith('/*')) {
      if (!body.endsWith('*/')) fail(`unclosed comment in "{{${text.slice(start, close)}}}"`);
      continue;
    }
    parts.push(compileAction(body, ctx));
  }
  return mergeLiterals(parts);
}

/**
 * skipTemplateAction returns the index just past the `}}` that closes the action opened by the
 * `{{` at openIndex (quoted strings and comments inside are skipped), or -1 when it is unclosed.
 * Call-data splitting uses it to step over actions inside JSON text.
 */
export function skipTemplateAction(text: string, openIndex: number): number {
  try {
    return findActionEnd(text, openIndex + 2) + 2;
  } catch {
    return -1;
  }
}

/** findActionEnd returns the index of the `}}` closing an action, skipping quoted strings. */
function findActionEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' || c === '`' || c === "'") {
      i = skipQuoted(text, i);
      continue;
    }
    if (c === '}' && text[i + 1] === '}') return i;
    if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) break;
      i = end + 2;
      continue;
    }
    i++;
  }
  return fail(`unclosed action starting "${text.slice(from - 2, from + 30)}"`);
}

function skipQuoted(text: string, i: number): number {
  const q = text[i];
  for (let j = i + 1; j < text.length; j++) {
    if (q !== '`' && text[j] === '\\') {
      j++;
      continue;
    }
    if (text[j] === q) return j + 1;
    if (q !== '`' && text[j] === '\n') break;
  }
  return fail(`unterminated quoted string in action near "${text.slice(i, i + 30)}"`);
}

function mergeLiterals(parts: TemplatePart[]): TemplatePart[] {
  const out: TemplatePart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (typeof p === 'string' && typeof last === 'string') out[out.length - 1] = last + p;
    else out.push(p);
  }
  return out;
}

// ---- actions: tokens, pipelines, commands ----

type Token =
  | { kind: 'field'; name: string }
  | { kind: 'ident'; name: string }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: TemplateValue }
  | { kind: 'bool'; value: boolean }
  | { kind: 'pipe' }
  | { kind: 'open' }
  | { kind: 'close' };

/** tokenize splits an action body into tokens; unsupported syntax throws. */
function tokenize(body: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '|') {
      tokens.push({ kind: 'pipe' });
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      tokens.push({ kind: c === '(' ? 'open' : 'close' });
      i++;
      continue;
    }
    if (c === '"' || c === '`') {
      const end = skipQuoted(body, i);
      tokens.push({ kind: 'string', value: c === '`' ? body.slice(i + 1, end - 1) : unquote(body.slice(i + 1, end - 1)) });
      i = end;
      continue;
    }
    if (c === '$') fail(`variables ("$${word(body, i + 1)}") are not supported`);
    if (c === ':' || c === '=') fail(`assignments are not supported in "{{${body}}}"`);
    if (c === "'") fail(`character constants are not supported in "{{${body}}}"`);
    if (c === '.') {
      const name = word(body, i + 1);
      if (name === '') fail('"." on its own is not supported; use a field such as .RequestNumber');
      if (body[i + 1 + name.length] === '.') fail(`chained fields (".${name}.${word(body, i + 2 + name.length)}") are not supported`);
      tokens.push({ kind: 'field', name });
      i += 1 + name.length;
      continue;
    }
    if (/[-+0-9]/.test(c)) {
      const text = /^[-+]?(?:0[xX][0-9a-fA-F_]+|[0-9_]*\.?[0-9_]+(?:[eE][-+]?[0-9]+)?)/.exec(body.slice(i))?.[0] ?? '';
      if (text === '' || text === '-' || text === '+') fail(`bad number syntax in "{{${body}}}"`);
      tokens.push({ kind: 'number', value: parseNumber(text) });
      i += text.length;
      continue;
    }
    const name = word(body, i);
    if (name === '') fail(`unexpected "${c}" in "{{${body}}}"`);
    if (name === 'true' || name === 'false') tokens.push({ kind: 'bool', value: name === 'true' });
    else if (KEYWORDS.has(name)) fail(`"{{${name}}}" is not supported (only fields, functions and pipes are)`);
    else tokens.push({ kind: 'ident', name });
    i += name.length;
  }
  return tokens;
}

function word(text: string, from: number): string {
  return /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(from))?.[0] ?? '';
}

function parseNumber(text: string): TemplateValue {
  const clean = text.replace(/_/g, '');
  if (/^[-+]?0[xX]/.test(clean)) {
    const neg = clean.startsWith('-');
    const n = BigInt(clean.replace(/^[-+]/, ''));
    return neg ? -n : n;
  }
  if (/^[-+]?\d+$/.test(clean)) return BigInt(clean);
  return Number(clean);
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'",
};

/** unquote decodes Go escapes in a double-quoted string literal's body. */
function unquote(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (m, e: string) => {
    if (SIMPLE_ESCAPES[e] !== undefined) return SIMPLE_ESCAPES[e];
    if (/^[xuU]/.test(e)) return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]{3}$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return fail(`unknown escape sequence ${m} in a string literal`);
  });
}

/** compileAction turns one action body into an evaluator. */
function compileAction(body: string, ctx: CompileContext): Evaluator {
  const tokens = tokenize(body);
  if (tokens.length === 0) fail('missing value for command ("{{}}")');
  const parser = new PipelineParser(tokens, ctx, body);
  const evaluator = parser.pipeline();
  if (!parser.done()) fail(`unexpected ")" in "{{${body}}}"`);
  return evaluator;
}

/** PipelineParser reads `command | command ...`, where a command is an operand or a function call. */
class PipelineParser {
  private pos: number;
  private readonly tokens: Token[];
  private readonly ctx: CompileContext;
  private readonly body: string;

  constructor(tokens: Token[], ctx: CompileContext, body: string) {
    this.pos = 0;
    this.tokens = tokens;
    this.ctx = ctx;
    this.body = body;
  }

  done(): boolean {
    return this.pos >= this.tokens.length;
  }

  pipeline(): Evaluator {
    let current = this.command(undefined);
    while (this.tokens[this.pos]?.kind === 'pipe') {
      this.pos++;
      current = this.command(current);
    }
    return current;
  }

  /** command reads words up to `|`, `)` or the end; piped is appended as the last argument. */
  private command(piped: Evaluator | undefined): Evaluator {
    const first = this.tokens[this.pos];
    if (first === undefined || first.kind === 'pipe' || first.kind === 'close') fail(`missing command in "{{${this.body}}}"`);
    if (first.kind === 'ident') {
      this.pos++;
      const args: Evaluator[] = [];
      while (this.pos < this.tokens.length && this.tokens[this.pos].kind !== 'pipe' && this.tokens[this.pos].kind !== 'close') {
        args.push(this.operand());
      }
      if (piped !== undefined) args.push(piped);
      return compileCall(first.name, args, this.ctx);
    }
    const operand = this.operand();
    const next = this.tokens[this.pos];
    if (next !== undefined && next.kind !== 'pipe' && next.kind !== 'close') fail(`can't give an argument to a non-function in "{{${this.body}}}"`);
    if (piped !== undefined) fail(`can't pipe into a non-function in "{{${this.body}}}"`);
    return operand;
  }

  private operand(): Evaluator {
    const t = this.tokens[this.pos++];
    switch (t.kind) {
      case 'field':
        return compileField(t.name, this.ctx.method);
      case 'string':
      case 'number':
      case 'bool': {
        const v = t.value;
        return () => v;
      }
      case 'ident':
        return compileCall(t.name, [], this.ctx);
      case 'open': {
        const inner = this.pipeline();
        if (this.tokens[this.pos]?.kind !== 'close') fail(`unclosed "(" in "{{${this.body}}}"`);
        this.pos++;
        return inner;
      }
      default:
        return fail(`unexpected "${t.kind === 'pipe' ? '|' : ')'}" in "{{${this.body}}}"`);
    }
  }
}

/** TEMPLATE_FIELDS lists the supported fields, for help text and errors. */
export const TEMPLATE_FIELDS = [
  'WorkerID',
  'RequestNumber',
  'FullyQualifiedName',
  'MethodName',
  'ServiceName',
  'InputName',
  'OutputName',
  'IsClientStreaming',
  'IsServerStreaming',
  'Timestamp',
  'TimestampUnix',
  'TimestampUnixMilli',
  'TimestampUnixNano',
  'UUID',
] as const;

function compileField(name: string, m: TemplateMethodInfo): Evaluator {
  switch (name) {
    case 'WorkerID':
      return (call) => call.workerId;
    case 'RequestNumber':
      return (call) => BigInt(call.requestNumber);
    case 'FullyQualifiedName':
      return constant(m.fullyQualifiedName);
    case 'MethodName':
      return constant(m.methodName);
    case 'ServiceName':
      return constant(m.serviceName);
    case 'InputName':
      return constant(m.inputName);
    case 'OutputName':
      return constant(m.outputName);
    case 'IsClientStreaming':
      return constant(m.isClientStreaming);
    case 'IsServerStreaming':
      return constant(m.isServerStreaming);
    case 'Timestamp':
      return (call) => rfc3339Nano((call.unixNs() / 1_000_000_000n) * 1_000_000_000n);
    case 'TimestampUnix':
      return (call) => call.unixNs() / 1_000_000_000n;
    case 'TimestampUnixMilli':
      return (call) => call.unixNs() / 1_000_000n;
    case 'TimestampUnixNano':
      return (call) => call.unixNs();
    case 'UUID':
      return (call) => call.uuid();
    default:
      return fail(`unknown field .${name}; fields: ${TEMPLATE_FIELDS.map((f) => `.${f}`).join(', ')}`);
  }
}

function constant(v: TemplateValue): Evaluator {
  return () => v;
}

function compileCall(name: string, args: Evaluator[], ctx: CompileContext): Evaluator {
  const f = ctx.functions ? TEMPLATE_FUNCTIONS[name] : undefined;
  if (f === undefined || !Object.hasOwn(TEMPLATE_FUNCTIONS, name)) {
    return fail(`function "${name}" not defined${ctx.functions ? '' : ' (template functions are disabled)'}`);
  }
  const [min, max] = f.arity;
  if (args.length < min || (max >= 0 && args.length > max)) {
    const want = min === max ? `${min}` : max < 0 ? `at least ${min}` : `${min} to ${max}`;
    fail(`wrong number of args for ${name}: want ${want} got ${args.length}`);
  }
  // Literal-only calls are checked now, so a bad literal fails before the run, not per call.
  if (name === 'randomInt' && args.length === 2) checkLiteralInts(args, name);
  if (name === 'randomString') checkLiteralInts(args, name);
  const fn = f.fn;
  if (args.length === 0) return () => fn([]);
  return (call) => {
    const values = new Array<TemplateValue>(args.length);
    for (let i = 0; i < args.length; i++) values[i] = args[i](call);
    return fn(values);
  };
}

/** checkLiteralInts evaluates constant arguments once to reject non-integers at compile time. */
function checkLiteralInts(args: Evaluator[], name: string): void {
  for (const a of args) {
    let v: TemplateValue;
    try {
      v = a(LITERAL_CALL);
    } catch {
      continue;
    }
    if (typeof v === 'string' || typeof v === 'boolean') fail(`${name}: want an integer argument, got ${JSON.stringify(v)}`);
  }
}
