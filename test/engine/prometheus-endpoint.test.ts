// The endpoint serves the latest snapshot on /metrics only, and after the run stays up until a
// scrape has read the final snapshot (or the linger time ends), so the last scrape sees the end.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PrometheusEndpoint } from '../../src/engine/prometheus-endpoint.js';
import { snapshot } from '../reporters/live-fixture.js';

test('/metrics serves the latest snapshot, 404 elsewhere; close waits for the final scrape', async () => {
  const endpoint = await PrometheusEndpoint.start('127.0.0.1', 0);
  const url = endpoint.url;
  endpoint.update(snapshot, false);
  const page = await (await fetch(url)).text();
  assert.match(page, /^loadgen_requests_total\{protocol="http",status="200"\} 290$/m);
  const other = await fetch(url.replace('/metrics', '/'));
  assert.equal(other.status, 404);
  await other.text();
  endpoint.update({ ...snapshot, requests: 400 }, true);
  let closed = false;
  const closing = endpoint.close(60_000).then(() => (closed = true));
  await new Promise((r) => setImmediate(r));
  assert.equal(closed, false, 'still up until the final snapshot is scraped');
  const last = await (await fetch(url)).text();
  assert.match(last, /^loadgen_request_duration_seconds_count 400$/m);
  await closing;
  await assert.rejects(fetch(url), 'closed after the final scrape, long before the linger time');
});

test('a port in use is refused as bad input before any load', async () => {
  const first = await PrometheusEndpoint.start('127.0.0.1', 0);
  const port = Number(new URL(first.url).port);
  await assert.rejects(PrometheusEndpoint.start('127.0.0.1', port), /--prometheus-addr: cannot listen on 127\.0\.0\.1:\d+: EADDRINUSE/);
  await first.close(0);
});
