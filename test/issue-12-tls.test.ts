/**
 * Issue 12, TLS material: broken certificate and key files are found when the plan is built, one
 * line each naming the file, what is wrong and the fix, exit 2 and no connection made (a counting
 * TCP server stands behind the URL); gRPC's default TLS against a plaintext server is one stable
 * error with an --insecure hint.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startGrpcReferenceServer, type GrpcReferenceServer } from '../src/servers/grpc-reference-server.js';
import { runCli } from './helpers/cli.js';
import { makeCert } from './helpers/tls.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgen-i12-tls-'));
const file = (name: string, text: string) => (writeFileSync(join(dir, name), text), join(dir, name));
const a = makeCert();
const b = makeCert();
const garbage = file('garbage.pem', 'not a certificate\n');
const both = file('both.pem', readFileSync(a.cert, 'utf8') + readFileSync(a.key, 'utf8'));
const pem = readFileSync(a.cert, 'utf8');
const corrupt = file('corrupt.pem', pem.replace(/\n[A-Za-z0-9+/]{20}/, '\nAAAAAAAAAAAAAAAAAAAA'));
const encrypted = join(dir, 'encrypted.pem');
execFileSync('openssl', ['pkey', '-in', a.key, '-aes256', '-passout', 'pass:x', '-out', encrypted], { stdio: 'ignore' });

let connections = 0;
let tcp: Server;
let port = 0;
let grpcServer: GrpcReferenceServer;

before(async () => {
  tcp = createServer((s) => {
    connections++;
    s.destroy();
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  port = (tcp.address() as { port: number }).port;
  grpcServer = await startGrpcReferenceServer({ port: 0 });
});
after(async () => {
  tcp.close();
  await grpcServer.close();
});

// Each row: the TLS flags of an HTTPS attack, and the one line it must print.
const HTTP_CASES: ReadonlyArray<readonly [string, string[], RegExp]> = [
  ['--root-certs garbage', ['--root-certs', garbage], /^loadgen: --root-certs .*garbage\.pem: holds no PEM certificate \(no BEGIN CERTIFICATE block\); give the CA certificate/],
  ['--root-certs naming a key', ['--root-certs', a.key], /^loadgen: --root-certs .*key\.pem: holds a private key, not a certificate; give the CA certificate/],
  ['--root-certs with a corrupt certificate', ['--root-certs', corrupt], /^loadgen: --root-certs .*corrupt\.pem: the CA certificate cannot be parsed \(.+\); give a PEM certificate/],
  ['--cert garbage', ['--cert', garbage, '--key', a.key], /^loadgen: --cert .*garbage\.pem: holds no PEM certificate/],
  ['--key garbage', ['--cert', a.cert, '--key', garbage], /^loadgen: --key .*garbage\.pem: holds no PEM private key/],
  ['--key naming a certificate', ['--cert', a.cert, '--key', b.cert], /^loadgen: --key .*cert\.pem: holds a certificate, not a private key/],
  ['a cert file with no key and no --key', ['--cert', a.cert], /^loadgen: --cert .*cert\.pem: holds no private key and --key is not given; give --key KEY\.pem/],
  ['a mismatched key', ['--cert', a.cert, '--key', b.key], /^loadgen: --key .*key\.pem does not belong to --cert .*cert\.pem \(their public keys differ\); give the key the certificate was issued for/],
  ['an encrypted key', ['--cert', a.cert, '--key', encrypted], /^loadgen: --key .*encrypted\.pem: the private key is encrypted; give an unencrypted key/],
];

for (const [what, flags, line] of HTTP_CASES) {
  test(`HTTP TLS material, ${what}: one line, exit 2, no connection`, async () => {
    const before = connections;
    const r = await runCli(['attack', '--url', `https://127.0.0.1:${port}/`, '--rate', '10', '-d', '1s', ...flags]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, line);
    assert.equal(r.stderr.split('\n').length, 2, `one line: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /error:[0-9A-F]{8}|Warning/);
    assert.equal(connections, before, 'no connection made');
  });
}

test('good material passes the checks: cert and key in one file (vegeta reads the key from --cert), and as two files', async () => {
  for (const flags of [['--cert', both], ['--cert', a.cert, '--key', a.key, '--root-certs', `${a.cert},${b.cert}`]]) {
    const r = await runCli(['attack', '--url', `https://127.0.0.1:${port}/`, '--rate', '10', '-d', '1s', ...flags, '--dry-run']);
    assert.equal(r.code, 0, r.stderr);
  }
});

const ECHO = ['--proto', 'protos/loadgen/echo.proto', '--call', 'loadgen.echo.Echo/Unary', '-d', '{"text":"hi"}', '-n', '10', '-c', '2'];

const GRPC_CASES: ReadonlyArray<readonly [string, string[], RegExp]> = [
  ['--cacert garbage', ['--cacert', garbage], /^loadgen: --cacert .*garbage\.pem: holds no PEM certificate/],
  ['--cert without --key, no key inside', ['--cert', a.cert], /^loadgen: --cert .*cert\.pem: holds no private key and --key is not given/],
  ['--key alone', ['--key', a.key], /^loadgen: --key needs --cert/],
  ['a mismatched --key', ['--cert', a.cert, '--key', b.key], /does not belong to --cert/],
];

for (const [what, flags, line] of GRPC_CASES) {
  test(`gRPC TLS material, ${what}: one line, exit 2, no DEP0123 warning, no connection`, async () => {
    const before = connections;
    const r = await runCli(['grpc', ...ECHO, ...flags, `127.0.0.1:${port}`]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, line);
    assert.equal(r.stderr.split('\n').length, 2, `one line: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /DEP0123|Warning/);
    assert.equal(connections, before);
  });
}

test('gRPC with the default TLS against a plaintext server: one stable error entry with an --insecure hint, no warning', async () => {
  const out = join(dir, 'plain.json');
  const r = await runCli(['grpc', ...ECHO, '-O', 'json', '-o', out, grpcServer.address]);
  assert.equal(r.code, 1, r.stderr);
  assert.doesNotMatch(r.stderr, /DEP0123|Warning/);
  const report = JSON.parse(readFileSync(out, 'utf8')) as { errorDistribution: Record<string, number> };
  const errors = Object.entries(report.errorDistribution);
  assert.equal(errors.length, 1, JSON.stringify(errors));
  assert.equal(errors[0]![0], 'rpc error: code = Unavailable desc = connection error: authentication handshake failed: tls: first record does not look like a TLS handshake (a plaintext server? use --insecure)');
  assert.equal(errors[0]![1], 10);
  assert.match(r.stderr, /use --insecure/);
});
