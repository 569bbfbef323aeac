/**
 * LlmOut is how the reference LLM server writes one response, over HTTP/1.1 (node:http) or
 * HTTP/2 (node:http2's compatibility API) alike: headers at once (so a client sees the stream
 * open before the first token), writes, the end, and a cut that drops this response's
 * connection (HTTP/1.1) or only its stream (HTTP/2, where the connection carries others).
 */
import type { ServerResponse } from 'node:http';
import { constants, type Http2ServerResponse } from 'node:http2';

export interface LlmOut {
  head(status: number, headers: Readonly<Record<string, string>>): void;
  write(text: string): void;
  end(text: string): void;
  /** gone is true once the client has left (the response can no longer be written). */
  gone(): boolean;
  cut(): void;
}

/** h1Out writes a node:http response. */
export function h1Out(res: ServerResponse): LlmOut {
  return {
    head: (status, headers) => {
      res.writeHead(status, headers);
      res.flushHeaders();
    },
    write: (text) => void res.write(text),
    end: (text) => void res.end(text),
    gone: () => res.destroyed,
    cut: () => res.socket?.destroy(),
  };
}

/** h2Out writes a node:http2 compatibility-API response. */
export function h2Out(res: Http2ServerResponse): LlmOut {
  return {
    head: (status, headers) => void res.writeHead(status, headers),
    write: (text) => void res.write(text),
    end: (text) => void res.end(text),
    gone: () => res.stream.destroyed || res.stream.closed,
    cut: () => res.stream.close(constants.NGHTTP2_INTERNAL_ERROR),
  };
}
