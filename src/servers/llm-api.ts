/**
 * The generative APIs the reference LLM server speaks, decoded and encoded: OpenAI-compatible
 * `/v1/chat/completions` and `/v1/completions` (server-sent events: `data: {json}` chunks, a
 * usage chunk with `stream_options.include_usage`, `data: [DONE]`) and the Open Inference
 * Protocol's generate extension (`/v2/models/M/generate`, `/generate_stream`, as Triton serves it).
 * Prompt tokens are whitespace-separated words: the server has no tokenizer, and loadgen's
 * synthetic prompts are made of one-token words.
 */

/** LlmApi is one of the served endpoints' protocols. */
export type LlmApi = 'openai-chat' | 'openai-completions' | 'oip-generate';

/** LlmCall is one decoded generation request. */
export interface LlmCall {
  readonly api: LlmApi;
  readonly model: string;
  readonly stream: boolean;
  /** includeUsage: OpenAI's stream_options.include_usage (a final usage chunk). */
  readonly includeUsage: boolean;
  /** maxTokens is the requested output length; null when the request names none. */
  readonly maxTokens: number | null;
  readonly promptTokens: number;
}

/** LlmRoute is what a path asks for: a generation, or a cheap GET. */
export type LlmRoute =
  | { readonly kind: 'generate'; readonly api: LlmApi; readonly model: string | null; readonly stream: boolean | null }
  | { readonly kind: 'models' }
  | { readonly kind: 'health' }
  | { readonly kind: 'unknown' };

/** parseLlmRoute maps a path (no query) to its route. */
export function parseLlmRoute(path: string): LlmRoute {
  if (path === '/v1/chat/completions') return { kind: 'generate', api: 'openai-chat', model: null, stream: null };
  if (path === '/v1/completions') return { kind: 'generate', api: 'openai-completions', model: null, stream: null };
  if (path === '/v1/models') return { kind: 'models' };
  if (path === '/health' || path === '/v2/health/ready' || path === '/v2/health/live') return { kind: 'health' };
  const m = /^\/v2\/models\/([^/]+)(?:\/versions\/[^/]+)?\/(generate|generate_stream)$/.exec(path);
  if (m !== null) {
    try {
      return { kind: 'generate', api: 'oip-generate', model: decodeURIComponent(m[1]), stream: m[2] === 'generate_stream' };
    } catch {
      return { kind: 'unknown' };
    }
  }
  return { kind: 'unknown' };
}

/** BadLlmRequest is a request body the server cannot use (400). */
export class BadLlmRequest extends Error {}

/** decodeLlmCall reads a generation request body for its route. */
export function decodeLlmCall(route: Extract<LlmRoute, { kind: 'generate' }>, body: Buffer): LlmCall {
  let doc: unknown;
  try {
    doc = JSON.parse(body.toString('utf8'));
  } catch {
    throw new BadLlmRequest('request body is not JSON');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new BadLlmRequest('request body must be a JSON object');
  const d = doc as Record<string, unknown>;
  if (route.api === 'oip-generate') {
    const params = (typeof d.parameters === 'object' && d.parameters !== null ? d.parameters : {}) as Record<string, unknown>;
    const prompt = typeof d.text_input === 'string' ? d.text_input : '';
    return {
      api: route.api,
      model: route.model ?? '',
      stream: route.stream === true || params.stream === true,
      includeUsage: false,
      maxTokens: tokenLimit(params.max_tokens ?? d.max_tokens),
      promptTokens: wordCount(prompt),
    };
  }
  const options = (typeof d.stream_options === 'object' && d.stream_options !== null ? d.stream_options : {}) as Record<string, unknown>;
  return {
    api: route.api,
    model: typeof d.model === 'string' ? d.model : '',
    stream: d.stream === true,
    includeUsage: options.include_usage === true,
    maxTokens: tokenLimit(d.max_completion_tokens ?? d.max_tokens),
    promptTokens: route.api === 'openai-chat' ? chatPromptTokens(d.messages) : wordCount(typeof d.prompt === 'string' ? d.prompt : ''),
  };
}

function tokenLimit(v: unknown): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new BadLlmRequest('max_tokens must be a whole number >= 1');
  return v;
}

function chatPromptTokens(messages: unknown): number {
  if (!Array.isArray(messages)) throw new BadLlmRequest('messages must be an array');
  let n = 0;
  for (const m of messages) {
    const content = typeof m === 'object' && m !== null ? (m as Record<string, unknown>).content : undefined;
    if (typeof content === 'string') n += wordCount(content);
  }
  return n;
}

/** wordCount counts whitespace-separated words: the server's token count of a prompt. */
export function wordCount(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const space = c === 32 || c === 10 || c === 9 || c === 13;
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

/** StreamIds are the per-response constants every chunk of it repeats. */
export interface StreamIds {
  readonly id: string;
  readonly created: number;
  readonly model: string;
}

/** TOKEN_WORDS are the output tokens' texts, in turn: short words, each one token in the usual BPE vocabularies. */
export const TOKEN_WORDS: readonly string[] = [' the', ' model', ' said', ' hello', ' to', ' a', ' load', ' test'];

/** tokenText is the text of output token i, words taken in turn. */
export function tokenText(i: number, words: readonly string[] = TOKEN_WORDS): string {
  return words[i % words.length];
}

/** deltaEvent is the SSE event carrying output token i. */
export function deltaEvent(call: LlmCall, ids: StreamIds, i: number, words: readonly string[] = TOKEN_WORDS): string {
  const text = JSON.stringify(tokenText(i, words));
  if (call.api === 'oip-generate') return `data: {"model_name":${JSON.stringify(ids.model)},"model_version":"1","text_output":${text}}\n\n`;
  if (call.api === 'openai-completions') {
    return `data: {"id":"${ids.id}","object":"text_completion","created":${ids.created},"model":${JSON.stringify(ids.model)},"choices":[{"index":0,"text":${text},"logprobs":null,"finish_reason":null}]}\n\n`;
  }
  const role = i === 0 ? '"role":"assistant",' : '';
  return `data: {"id":"${ids.id}","object":"chat.completion.chunk","created":${ids.created},"model":${JSON.stringify(ids.model)},"choices":[{"index":0,"delta":{${role}"content":${text}},"finish_reason":null}]}\n\n`;
}

/** finalEvents ends a stream: the finish chunk, the usage chunk when asked for, and [DONE] (OpenAI only). */
export function finalEvents(call: LlmCall, ids: StreamIds, tokens: number, finish: 'length' | 'stop'): string {
  if (call.api === 'oip-generate') return '';
  const model = JSON.stringify(ids.model);
  const object = call.api === 'openai-chat' ? 'chat.completion.chunk' : 'text_completion';
  const choice = call.api === 'openai-chat' ? `{"index":0,"delta":{},"finish_reason":"${finish}"}` : `{"index":0,"text":"","logprobs":null,"finish_reason":"${finish}"}`;
  let out = `data: {"id":"${ids.id}","object":"${object}","created":${ids.created},"model":${model},"choices":[${choice}]}\n\n`;
  if (call.includeUsage) {
    out += `data: {"id":"${ids.id}","object":"${object}","created":${ids.created},"model":${model},"choices":[],"usage":${usageJson(call, tokens)}}\n\n`;
  }
  return out + 'data: [DONE]\n\n';
}

/** errorEvent is an injected mid-stream error, in the API's error shape. */
export function errorEvent(call: LlmCall): string {
  if (call.api === 'oip-generate') return 'data: {"error":"injected error"}\n\n';
  return 'data: {"error":{"message":"injected error","type":"server_error","code":500}}\n\n';
}

/** completeBody is the whole answer of a non-streaming request with `tokens` output tokens (usage: with OpenAI's usage field). */
export function completeBody(call: LlmCall, ids: StreamIds, tokens: number, finish: 'length' | 'stop', words: readonly string[] = TOKEN_WORDS, usage = true): string {
  let text = '';
  for (let i = 0; i < tokens; i++) text += tokenText(i, words);
  if (call.api === 'oip-generate') return JSON.stringify({ model_name: ids.model, model_version: '1', text_output: text });
  const choice =
    call.api === 'openai-chat'
      ? { index: 0, message: { role: 'assistant', content: text }, finish_reason: finish }
      : { index: 0, text, logprobs: null, finish_reason: finish };
  const object = call.api === 'openai-chat' ? 'chat.completion' : 'text_completion';
  const counts = usage ? { usage: JSON.parse(usageJson(call, tokens)) as unknown } : {};
  return JSON.stringify({ id: ids.id, object, created: ids.created, model: ids.model, choices: [choice], ...counts });
}

function usageJson(call: LlmCall, tokens: number): string {
  return `{"prompt_tokens":${call.promptTokens},"completion_tokens":${tokens},"total_tokens":${call.promptTokens + tokens}}`;
}
