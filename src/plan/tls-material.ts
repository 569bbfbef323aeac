/**
 * TLS material is checked when the plan is built, with node:crypto, so broken files are one line
 * each (the file, what is wrong, the fix) and exit 2 before any load, instead of every request
 * failing with raw OpenSSL text: a CA file must hold parseable certificates (not a key), a client
 * certificate must parse, a key must be an unencrypted private key, and the key must be the one
 * the certificate was issued for (X509Certificate.checkPrivateKey).
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { UsageError } from '../core/errors.js';
import { readPem } from './read-input.js';

/** PemFile is a PEM file as read at plan time: the flag that named it, its path and its text. */
export interface PemFile {
  readonly flag: string;
  readonly path: string;
  readonly pem: string;
}

/** pemFile reads a PEM file a flag named. */
export function pemFile(path: string, flag: string): PemFile {
  return { flag, path, pem: readPem(path, flag) };
}

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
const KEY_BLOCK = /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/;

/** checkCaFile checks a CA bundle (--root-certs, --cacert): at least one certificate, each parseable. */
export function checkCaFile(f: PemFile): void {
  const blocks = f.pem.match(CERT_BLOCK) ?? [];
  if (blocks.length === 0) {
    const what = KEY_BLOCK.test(f.pem) ? 'holds a private key, not a certificate' : 'holds no PEM certificate (no BEGIN CERTIFICATE block)';
    throw new UsageError(`${f.flag} ${f.path}: ${what}; give the CA certificate(s) that signed the server's certificate, in PEM`);
  }
  for (const block of blocks) certificateOf({ ...f, pem: block }, 'CA certificate');
}

/**
 * checkClientPair checks a client certificate and its key: both parse, and the key belongs to the
 * certificate. keyFile null means the key is read from the certificate file (vegeta's way).
 */
export function checkClientPair(certFile: PemFile, keyFile: PemFile | null, keyFlag: string): void {
  const cert = certificateOf(certFile, 'certificate');
  const source = keyFile ?? certFile;
  if (!KEY_BLOCK.test(source.pem) && keyFile === null) {
    throw new UsageError(`${certFile.flag} ${certFile.path}: holds no private key and ${keyFlag} is not given; give ${keyFlag} KEY.pem (the certificate's key)`);
  }
  const key = privateKeyOf(source);
  if (!cert.checkPrivateKey(key)) {
    const which = keyFile === null ? `the key in ${certFile.path}` : `${keyFile.flag} ${keyFile.path}`;
    throw new UsageError(`${which} does not belong to ${certFile.flag} ${certFile.path} (their public keys differ); give the key the certificate was issued for`);
  }
}

function certificateOf(f: PemFile, what: string): X509Certificate {
  const block = (f.pem.match(CERT_BLOCK) ?? [])[0];
  if (block === undefined) {
    const has = KEY_BLOCK.test(f.pem) ? 'holds a private key, not a certificate' : 'holds no PEM certificate (no BEGIN CERTIFICATE block)';
    throw new UsageError(`${f.flag} ${f.path}: ${has}; give the ${what} in PEM`);
  }
  try {
    return new X509Certificate(block);
  } catch (err) {
    throw new UsageError(`${f.flag} ${f.path}: the ${what} cannot be parsed (${reason(err)}); give a PEM certificate`);
  }
}

function privateKeyOf(f: PemFile): KeyObject {
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(f.pem)) {
    throw new UsageError(`${f.flag} ${f.path}: the private key is encrypted; give an unencrypted key (openssl pkey -in ${f.path} -out key.pem)`);
  }
  if (!KEY_BLOCK.test(f.pem)) {
    const has = f.pem.includes('-----BEGIN CERTIFICATE-----') ? 'holds a certificate, not a private key' : 'holds no PEM private key (no BEGIN PRIVATE KEY block)';
    throw new UsageError(`${f.flag} ${f.path}: ${has}; give the private key in PEM`);
  }
  try {
    return createPrivateKey(f.pem);
  } catch (err) {
    throw new UsageError(`${f.flag} ${f.path}: the private key cannot be parsed (${reason(err)}); give a PEM private key`);
  }
}

/** reason is OpenSSL's complaint without its per-process prefix (error:0480006C:...), for a stable line. */
function reason(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const text = (e.message ?? String(err)).split('\n')[0]!.replace(/^error:[0-9A-F]+:[^:]*:[^:]*:/, '');
  return text;
}
