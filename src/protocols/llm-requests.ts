/**
 * llmRequest builds one generation request, once, for the chosen API: OpenAI chat
 * (`/v1/chat/completions`, one user message), OpenAI completions (`/v1/completions`) or OIP
 * generate (`/v2/models/M/generate` or `/generate_stream`). The output length goes as max_tokens
 * (OIP: parameters.max_tokens), with ignore_eos and min_tokens when asked for (vLLM, SGLang and
 * Triton's TRT-LLM/vLLM backends honour them) so every answer is exactly that long; streamed
 * OpenAI requests ask for the usage chunk (stream_options.include_usage).
 */
import type { LlmApiName } from '../core/llm-result.js';
import type { BaseUrl } from './base-url.js';
import type { PreparedHttpRequest } from './prepared-request.js';

/** LlmRequestSpec is what one request asks for. */
export interface LlmRequestSpec {
  readonly api: LlmApiName;
  readonly base: BaseUrl;
  readonly model: string;
  readonly prompt: string;
  /** messages, when set, are sent as the chat messages instead of one user message with the prompt. */
  readonly messages?: ReadonlyArray<{ readonly role: string; readonly content: string }> | null;
  readonly maxTokens: number;
  readonly stream: boolean;
  /** exactLength adds ignore_eos and min_tokens = max_tokens. */
  readonly exactLength: boolean;
  readonly headers: ReadonlyArray<readonly [string, string]>;
}

/** llmPath is the endpoint path of an API under the base URL's prefix. */
export function llmPath(api: LlmApiName, prefix: string, model: string, stream: boolean): string {
  if (api === 'openai-chat') return `${prefix}/v1/chat/completions`;
  if (api === 'openai-completions') return `${prefix}/v1/completions`;
  return `${prefix}/v2/models/${encodeURIComponent(model)}/${stream ? 'generate_stream' : 'generate'}`;
}

export function llmRequest(s: LlmRequestSpec): PreparedHttpRequest {
  const exact = s.exactLength ? { ignore_eos: true, min_tokens: s.maxTokens } : {};
  let doc: Record<string, unknown>;
  if (s.api === 'oip-generate') {
    doc = { text_input: s.prompt, parameters: { max_tokens: s.maxTokens, ...exact } };
  } else {
    const input = s.api === 'openai-chat' ? { messages: s.messages ?? [{ role: 'user', content: s.prompt }] } : { prompt: s.prompt };
    const stream = s.stream ? { stream: true, stream_options: { include_usage: true } } : { stream: false };
    doc = { model: s.model, ...input, max_tokens: s.maxTokens, ...exact, ...stream };
  }
  const headers: [string, string][] = [
    ['content-type', 'application/json'],
    ['accept', s.stream ? 'text/event-stream' : 'application/json'],
  ];
  for (const [k, v] of s.headers) headers.push([k.toLowerCase(), v]);
  return { method: 'POST', origin: s.base.origin, path: llmPath(s.api, s.base.prefix, s.model, s.stream), headers, body: Buffer.from(JSON.stringify(doc)), check: null };
}
