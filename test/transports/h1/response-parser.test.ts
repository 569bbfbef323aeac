import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProtocolError, ResponseParser, type ResponseListener } from '../../../src/transports/h1/response-parser.js';

/** Recorder collects what the parser reports, as one string per response. */
class Events implements ResponseListener {
  responses: string[] = [];
  private current = '';
  onResponseHead(status: number, statusText: string, raw: string[] | null): void {
    this.current = `${status} ${statusText}${raw === null ? '' : ` [${raw.join('|')}]`} body=`;
  }
  onResponseData(chunk: Buffer): void {
    this.current += chunk.toString('latin1');
  }
  onResponseEnd(keepAlive: boolean): void {
    this.responses.push(`${this.current}${keepAlive ? '' : ' (close)'}`);
  }
}

function parseAll(wire: string, splits: number[] = [], capture = false): string[] {
  const events = new Events();
  const parser = new ResponseParser(events, capture);
  const bytes = Buffer.from(wire, 'latin1');
  let at = 0;
  for (const s of [...splits, bytes.length]) {
    parser.execute(bytes.subarray(at, s));
    at = s;
  }
  if (parser.finish() === 'truncated') events.responses.push('truncated');
  return events.responses;
}

// Three pipelined responses: Content-Length, chunked with an extension and a trailer, empty body.
const PIPELINED =
  'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: 1\r\n\r\nhello' +
  'HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n' +
  'HTTP/1.1 204 No Content\r\n\r\n';
const EXPECTED = ['200 OK body=hello', '404 Not Found body=abc0123456789', '204 No Content body='];

test('ResponseParser reads pipelined responses framed by length, chunks and no body', () => {
  assert.deepEqual(parseAll(PIPELINED), EXPECTED);
});

test('ResponseParser gives the same result however the bytes are split (every 1- and 2-way split)', () => {
  const n = Buffer.byteLength(PIPELINED, 'latin1');
  for (let i = 1; i < n; i++) {
    assert.deepEqual(parseAll(PIPELINED, [i]), EXPECTED, `split at ${i}`);
    for (let j = i + 1; j < n; j += 7) assert.deepEqual(parseAll(PIPELINED, [i, j]), EXPECTED, `split at ${i},${j}`);
  }
  // One byte at a time.
  assert.deepEqual(parseAll(PIPELINED, Array.from({ length: n - 1 }, (_, i) => i + 1)), EXPECTED);
});

test('ResponseParser: connection close, HTTP/1.0, interim 1xx, body until close, captured headers', () => {
  assert.deepEqual(parseAll('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok'), ['200 OK body=ok (close)']);
  assert.deepEqual(parseAll('HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok'), ['200 OK body=ok (close)']);
  assert.deepEqual(parseAll('HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok'), ['200 OK body=ok']);
  assert.deepEqual(parseAll('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n'), ['201 Created body=']);
  assert.deepEqual(parseAll('HTTP/1.1 200 OK\r\n\r\nuntil the end', [20]), ['200 OK body=until the end (close)']);
  assert.deepEqual(parseAll('HTTP/1.1 200 OK\r\nContent-Length: 1\r\nSet-Cookie: a\r\nSet-Cookie: b\r\n\r\nx', [], true), [
    '200 OK [Content-Length|1|Set-Cookie|a|Set-Cookie|b] body=x',
  ]);
  assert.deepEqual(parseAll('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort'), ['truncated']);
});

test('ResponseParser: a HEAD response has no body whatever its Content-Length says', () => {
  const events = new Events();
  const parser = new ResponseParser(events, false);
  parser.expectBody = false;
  parser.execute(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n'));
  assert.deepEqual(events.responses, ['200 OK body=']);
});

test('ResponseParser rejects what is not HTTP/1.1', () => {
  for (const bad of ['SSH-2.0-OpenSSH\r\n\r\n', 'HTTP/1.1 abc OK\r\n\r\n', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n']) {
    assert.throws(() => parseAll(bad), ProtocolError, bad);
  }
});

test('ResponseParser reads header names in any case and values with any surrounding white space', () => {
  const heads: [string, string[]][] = [
    ['HTTP/1.1 200 OK\r\ncontent-LENGTH:\t 2 \t\r\n\r\nok', ['200 OK body=ok']],
    ['HTTP/1.1 200 OK\r\nCONNECTION:   Close\r\nContent-Length: 1\r\n\r\nx', ['200 OK body=x (close)']],
    ['HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 1\r\n\r\nx', ['200 OK body=x']],
    ['HTTP/1.0 200 OK\r\nConnection: foo, keep-alive\r\nContent-Length: 1\r\n\r\nx', ['200 OK body=x']],
    ['HTTP/1.1 500 Internal Server Error\r\nTransfer-Encoding: gzip, CHUNKED\r\n\r\n1\r\nz\r\n0\r\n\r\n', ['500 Internal Server Error body=z']],
    ['HTTP/1.1 200\r\nContent-Length: 0\r\nno colon here\r\n: empty name\r\n\r\n', ['200  body=']],
    ['HTTP/1.1 201 Créé\r\nContent-Length: 00003\r\n\r\nabc', ['201 Créé body=abc']],
  ];
  for (const [wire, expected] of heads) assert.deepEqual(parseAll(wire), expected, JSON.stringify(wire));
  assert.deepEqual(parseAll('HTTP/1.1 200 OK\r\nA:  1 \r\nb:2\r\n\r\n', [], true), ['200 OK [A|1|b|2] body= (close)']);
  for (const bad of ['HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n', 'HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n']) {
    assert.throws(() => parseAll(bad), /malformed Content-Length/);
  }
  assert.throws(() => parseAll('HTTP/1.1 2x0 OK\r\n\r\n'), /malformed status line/);
});
