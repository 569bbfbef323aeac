/**
 * serveFaultAdmin serves one fault admin route of the reference server, for whichever faults it
 * switches (the HTTP faults at /_loadgen/faults, the gRPC port's at /_loadgen/grpc-faults):
 *
 *   GET     the current faults and how many requests (calls) each kind took
 *   POST    replace them with the body's fault texts (empty body: none); bad text answers 400
 *   DELETE  no faults
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import { UsageError } from '../core/errors.js';

/** FaultRequest is a request on either listener: HTTP/1.1, or h2c through the compatibility API. */
export type FaultRequest = IncomingMessage | Http2ServerRequest;
/** FaultResponse is FaultRequest's response. */
export type FaultResponse = ServerResponse | Http2ServerResponse;

/** FaultSwitch is a set of faults the admin route reads and changes. */
export interface FaultSwitch {
  /** replace parses text into the new faults (throwing a UsageError when it is bad) and resets the counts. */
  replace(text: string): void;
  /** state is what GET answers: the faults as text and the counts per kind. */
  state(): { faults: string[]; counts: Record<string, number> };
}

/** serveFaultAdmin answers one request to path for target. */
export function serveFaultAdmin(req: FaultRequest, res: FaultResponse, path: string, target: FaultSwitch): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    try {
      if (req.method === 'POST') target.replace(Buffer.concat(chunks).toString('utf8'));
      else if (req.method === 'DELETE') target.replace('');
      else if (req.method !== 'GET') return answerJson(res, 405, { error: `${req.method} is not allowed on ${path}; use GET, POST or DELETE` });
      answerJson(res, 200, target.state());
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      answerJson(res, 400, { error: err.message });
    }
  });
}

/** answerJson answers status with body as JSON. */
export function answerJson(res: FaultResponse, status: number, body: unknown): void {
  const buf = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': buf.length });
  res.end(buf);
}
