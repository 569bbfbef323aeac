/**
 * scrapeServerMetrics reads a model server's Prometheus endpoint once (`--server-metrics URL`),
 * before the load and after it. It is not on the hot path: two GETs per run.
 */
import { request } from 'undici';
import { parsePrometheusText, type PromPage } from '../results/prometheus-text.js';

/** SCRAPE_TIMEOUT_MS bounds one scrape; a model server answers /metrics in milliseconds. */
export const SCRAPE_TIMEOUT_MS = 10_000;

/** ScrapeError says why a scrape failed, in one line. */
export class ScrapeError extends Error {
  override readonly name = 'ScrapeError';
}

export async function scrapeServerMetrics(url: string, timeoutMs = SCRAPE_TIMEOUT_MS): Promise<PromPage> {
  let res;
  try {
    res = await request(url, { method: 'GET', headersTimeout: timeoutMs, bodyTimeout: timeoutMs, headers: { accept: 'text/plain;version=0.0.4' } });
  } catch (err) {
    throw new ScrapeError(`GET ${url}: ${(err as Error).message}`);
  }
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new ScrapeError(`GET ${url}: status ${res.statusCode}`);
  return parsePrometheusText(text);
}
