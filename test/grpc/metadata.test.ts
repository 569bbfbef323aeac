import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildMetadata } from '../../src/grpc/metadata.js';
import { TemplateCall, TemplateError, templateMethodInfo } from '../../src/grpc/template.js';
import { UsageError } from '../../src/core/errors.js';

const METHOD = templateMethodInfo({ service: 'p.S', method: 'M', requestType: 'p.Req', responseType: 'p.Res', clientStreaming: false, serverStreaming: false });

function usageError(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => err instanceof UsageError && pattern.test(err.message) && !err.message.includes('\n'));
}

describe('buildMetadata', () => {
  it('returns null without -m or -M', () => {
    assert.equal(buildMetadata({}, METHOD), null);
  });

  it('lower-cases keys, keeps string values and base64-decodes -bin values, built once', () => {
    const md = buildMetadata({ metadata: '{"Authorization": "Bearer x", "trace-bin": "AQID", "x-empty": ""}' }, METHOD);
    assert.ok(md !== null);
    assert.equal(md.dynamic, false);
    const entries = md.entriesFor(new TemplateCall());
    assert.deepEqual(entries, [
      ['authorization', 'Bearer x'],
      ['trace-bin', Buffer.from([1, 2, 3])],
      ['x-empty', ''],
    ]);
    assert.equal(md.entriesFor(new TemplateCall(1, '')), entries);
    assert.deepEqual(md.reportMetadata, { Authorization: 'Bearer x', 'trace-bin': 'AQID', 'x-empty': '' });
  });

  it('renders templated metadata per call', () => {
    const md = buildMetadata({ metadata: '{"request-id": "{{.WorkerID}}-{{.RequestNumber}}", "uuid": "{{.UUID}}"}' }, METHOD);
    assert.ok(md !== null && md.dynamic);
    const call = new TemplateCall(4, 'g1c0');
    const entries = md.entriesFor(call);
    assert.deepEqual(entries[0], ['request-id', 'g1c0-4']);
    assert.equal(entries[1][1], call.uuid());
  });

  it('reads -M files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'loadgen-md-'));
    writeFileSync(join(dir, 'md.json'), '{"a": "1"}');
    assert.deepEqual(buildMetadata({ metadataFile: join(dir, 'md.json') }, METHOD)?.entriesFor(new TemplateCall()), [['a', '1']]);
    usageError(() => buildMetadata({ metadataFile: join(dir, 'none.json') }, METHOD), /^-M: cannot read ".*none\.json": ENOENT$/);
  });

  it('rejects bad metadata with one-line UsageErrors', () => {
    const table: Array<[string, RegExp]> = [
      ['[1]', /^-m: metadata must be a JSON object of strings$/],
      ['{"a": 1}', /^-m: metadata "a" must be a string, got 1$/],
      ['{"bad key": "v"}', /invalid metadata key "bad key"/],
      ['{"x-bin": "***"}', /metadata "x-bin" must be base64/],
      ['{"a": "caf\u00e9"}', /printable ASCII; use a -bin key/],
      ['{"a": ', /^-m: invalid JSON: /],
      ['{"a": "{{.Nope}}"}', /template: unknown field \.Nope/],
      ['{"a": {{.RequestNumber}}}', /metadata "a" must be a string, got 0/],
    ];
    for (const [text, want] of table) usageError(() => buildMetadata({ metadata: text }, METHOD), want);
    usageError(() => buildMetadata({ metadata: '{}', metadataFile: 'x' }, METHOD), /-m or -M, not both/);
  });

  it('fails only the call whose rendering is invalid', () => {
    const md = buildMetadata({ metadata: '{"n": "{{printf "%c" .RequestNumber}}"}' }, METHOD);
    assert.ok(md !== null);
    assert.deepEqual(md.entriesFor(new TemplateCall(0, '')), [['n', '%!c(int=0)']]);
    const bad = buildMetadata({ metadata: '{"n-{{.RequestNumber}}": "v"}' }, METHOD);
    assert.ok(bad !== null);
    assert.deepEqual(bad.entriesFor(new TemplateCall(2, '')), [['n-2', 'v']]);
    const spaced = buildMetadata({ metadata: '{"n": "{{.WorkerID}}"}' }, METHOD);
    assert.throws(() => spaced?.entriesFor(new TemplateCall(0, 'caf\u00e9')), TemplateError);
  });
});
