// watchPlan: defaults, [HOST]:PORT with the loopback default, tags, and one line for bad values.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAddr, watchPlan } from '../../src/plan/watch-flags.js';

test('defaults: a log line every 10 s, no endpoint, no remote write', () => {
  assert.deepEqual(watchPlan({}), { quiet: false, logEveryNs: 10e9, prometheus: null, remoteWrite: null });
});

test('[HOST]:PORT, host default 127.0.0.1; IPv6 in brackets', () => {
  assert.deepEqual(parseAddr(':9464'), { host: '127.0.0.1', port: 9464 });
  assert.deepEqual(parseAddr('0.0.0.0:80'), { host: '0.0.0.0', port: 80 });
  assert.deepEqual(parseAddr('[::1]:9464'), { host: '::1', port: 9464 });
  for (const bad of ['9464', 'localhost', ':99999', 'a b:1', 'http://x:1']) assert.throws(() => parseAddr(bad), /--prometheus-addr/, bad);
});

test('remote write: URL, interval, tags; the endpoint with its linger', () => {
  const w = watchPlan({ prometheusRw: 'http://127.0.0.1:9090/api/v1/write', prometheusRwInterval: '1s', prometheusTag: ['testid=a', 'env=ci'], prometheusAddr: ':0', prometheusLinger: '2s' });
  assert.deepEqual(w.remoteWrite, { url: 'http://127.0.0.1:9090/api/v1/write', intervalNs: 1e9, tags: { testid: 'a', env: 'ci' } });
  assert.deepEqual(w.prometheus, { host: '127.0.0.1', port: 0, lingerNs: 2e9 });
  assert.throws(() => watchPlan({ prometheusRw: 'ftp://x/' }), /--prometheus-rw: want an http/);
  assert.throws(() => watchPlan({ prometheusTag: '1bad=x' }), /--prometheus-tag/);
});
