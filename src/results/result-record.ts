/**
 * ResultRecord is one request's result as vegeta defines it (spec: vegeta.md section 2): the unit
 * of the per-request results stream (`--output`) and of `loadgen report` input.
 */
export interface ResultRecord {
  /** attack is the attack name (-name), "" when unset. */
  attack: string;
  /** seq is the request's sequence number from 0, in intended send order. */
  seq: number;
  /** code is the HTTP status, 0 when no response was obtained. */
  code: number;
  /** timestampUnixNs is the start of the hit (actual send), ns since the Unix epoch. */
  timestampUnixNs: bigint;
  /** latencyNs is from timestamp to the end of the response, in ns. */
  latencyNs: number;
  bytesOut: number;
  /** bytesIn is the length of the captured response body (capped by --max-body). */
  bytesIn: number;
  /** error is the transport error text, or the status text for codes outside 200..399; "" if none. */
  error: string;
  /** body is the captured response body; null when no response was received. */
  body: Buffer | null;
  method: string;
  url: string;
  /** headers are the response headers (name -> values); null when no response was received. */
  headers: Record<string, string[]> | null;
}
