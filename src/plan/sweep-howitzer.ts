/**
 * howitzerSweep reads Howitzer's config format as it is (iter8-howitzer.md 7.1): `rendering_configs`
 * and `test_configs[]`, each with name, description, template, payload, base_url, model_name and
 * k6_opts. The iterable k6 options given as lists are exploded (sweep-explode.ts), and each
 * combination becomes a `loadgen infer` command line: the template picks the transport (`grpc/...`
 * -> gRPC ModelInfer, `http/...` -> V2 over HTTP), the payload file name its model-zoo payload, and
 * each k6 option its closest loadgen flag. An option loadgen cannot honour is bad input naming it.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { explodeOptions } from './sweep-explode.js';
import { isObject, type KeyPath, type SweepDocument } from './sweep-document.js';
import { instanceName, scalarArg, type SweepRun, type SweepSpec } from './sweep-run.js';

/** K6_ITERABLE are the k6_opts keys Howitzer explodes when their value is a list. */
export const K6_ITERABLE: readonly string[] = ['duration', 'rps', 'iterations', 'vus'];

/** K6_STATIC are the other k6_opts keys Howitzer allows (copied into every run as they are). */
export const K6_STATIC: readonly string[] = [
  'vusMax', 'ext', 'hosts', 'insecureSkipTLSVerify', 'linger', 'maxRedirects', 'batch', 'batchPerHost', 'noConnectionReuse',
  'noVUConnectionReuse', 'noUsageReport', 'paused', 'stages', 'tags', 'thresholds', 'throw', 'blacklistIPs', 'summaryTrendStats',
  'tisAuth', 'tisCipherSuites', 'tisVersion', 'userAgent', 'httpDebug', 'systemTags', 'setupTimeout', 'teardownTimeout',
];

/**
 * HOWITZER_PAYLOADS maps ModelMesh's payload file names (model-zoo.md 5) to the zoo payloads that
 * carry the same inputs, names, datatypes and shapes.
 */
export const HOWITZER_PAYLOADS: Readonly<Record<string, string>> = {
  '1by64payloadSklearn.json': 'modelmesh-sklearn-mnist',
  '1by126payloadLightgbm.json': 'modelmesh-lightgbm-mushroom',
  '1by126payloadXgboost.json': 'modelmesh-xgboost-mushroom',
  '1by28spayloadKeras.json': 'modelmesh-keras-mnist',
  '1by28spayloadOnnx.json': 'modelmesh-onnx-mnist',
  '1by32spayloadPytorch.json': 'modelmesh-pytorch-cifar10',
  '1by784payloadTensorflow.json': 'modelmesh-tensorflow-mnist',
  '1by16payloadbert.json': 'modelmesh-bert',
};

/** REQUIRED are the test_configs fields Howitzer requires (other fields are kept, in summary.json's test_configs). */
const REQUIRED = ['name', 'template', 'base_url', 'model_name', 'k6_opts'] as const;

/** howitzerSweep explodes a Howitzer config document into runs of `loadgen infer`. */
export function howitzerSweep(doc: SweepDocument): SweepSpec {
  const root = doc.value as Record<string, unknown>;
  const rendering = root.rendering_configs;
  if (rendering !== undefined && !isObject(rendering)) throw doc.fail(['rendering_configs'], 'must be a map of title and description');
  const tests = root.test_configs;
  if (!Array.isArray(tests) || tests.length === 0) throw doc.fail(['test_configs'], 'must be a non-empty list of test configs');
  const runs: SweepRun[] = [];
  tests.forEach((test, i) => runs.push(...testRuns(doc, test, ['test_configs', i])));
  return {
    format: 'howitzer',
    title: text(rendering?.title) ?? 'loadgen sweep',
    description: text(rendering?.description) ?? '',
    cooldown: null,
    runs,
  };
}

function testRuns(doc: SweepDocument, test: unknown, at: KeyPath): SweepRun[] {
  if (!isObject(test)) throw doc.fail(at, 'a test config is a map with name, template, base_url, model_name and k6_opts');
  for (const key of REQUIRED) if (test[key] === undefined) throw doc.fail(at, `missing "${key}" (Howitzer requires ${REQUIRED.join(', ')})`);
  const name = requiredText(doc, test.name, [...at, 'name']);
  const transport = templateTransport(doc, requiredText(doc, test.template, [...at, 'template']), [...at, 'template']);
  const opts = test.k6_opts;
  if (!isObject(opts)) throw doc.fail([...at, 'k6_opts'], 'must be a map of k6 options, e.g. {"vus": [10, 20], "duration": "30s"}');
  for (const key of Object.keys(opts)) {
    if (!K6_ITERABLE.includes(key) && !K6_STATIC.includes(key)) throw doc.fail([...at, 'k6_opts', key], `"${key}" is not a k6 option Howitzer allows (iterable: ${K6_ITERABLE.join(', ')})`);
  }
  const target = [
    '--transport', transport,
    '--url', targetUrl(requiredText(doc, test.base_url, [...at, 'base_url']), transport),
    '--model', requiredText(doc, test.model_name, [...at, 'model_name']),
    ...payloadArgs(doc, test.payload, [...at, 'payload']),
  ];
  return explodeOptions(opts, (key) => K6_ITERABLE.includes(key)).map((c, n) => ({
    name: instanceName(name, n),
    command: 'infer' as const,
    args: [...target, ...k6OptionArgs(doc, c.options, [...at, 'k6_opts'])],
    swept: c.swept,
    testConfig: { ...test, k6_opts: c.options },
    thresholds: thresholdsOf(doc, c.options.thresholds, [...at, 'k6_opts', 'thresholds']),
    reports: [],
  }));
}

/** templateTransport reads the transport from the template's path: ModelMesh ships grpc/ and http/ scripts. */
function templateTransport(doc: SweepDocument, template: string, at: KeyPath): 'grpc' | 'http' {
  const t = template.toLowerCase();
  if (t.startsWith('grpc/') || (/grpc/.test(t) && !/http/.test(t))) return 'grpc';
  if (t.startsWith('http/') || /http|rest/.test(t)) return 'http';
  throw doc.fail(at, `cannot tell the protocol of template "${template}"; name a grpc/... template (gRPC ModelInfer) or an http/... one (V2 REST)`);
}

/** targetUrl is base_url as infer's --url: gRPC takes HOST:PORT, HTTP a URL (http:// added when it has no scheme). */
function targetUrl(base: string, transport: 'grpc' | 'http'): string {
  if (transport === 'grpc' || /^https?:\/\//.test(base)) return base;
  return `http://${base}`;
}

function payloadArgs(doc: SweepDocument, payload: unknown, at: KeyPath): string[] {
  if (payload === undefined) return [];
  const file = requiredText(doc, payload, at);
  if (Object.hasOwn(HOWITZER_PAYLOADS, file)) return ['--payload', HOWITZER_PAYLOADS[file]];
  // Howitzer reads payloads from its payload directory; a V2 JSON file next to the config works too.
  const path = isAbsolute(file) ? file : resolve(dirname(doc.path), file);
  if (existsSync(path)) return ['--payload', path];
  throw doc.fail(at, `"${file}" is neither a ModelMesh payload (${Object.keys(HOWITZER_PAYLOADS).join(', ')}) nor a file next to the config`);
}

/**
 * k6OptionArgs maps one run's k6 options to infer's flags. k6 runs 1 user and 1 iteration unless
 * told otherwise; its `rps` caps the requests per second of those users, which is an open loop at
 * that rate with at most `vus` requests in flight.
 */
function k6OptionArgs(doc: SweepDocument, o: Readonly<Record<string, unknown>>, at: KeyPath): string[] {
  const args: string[] = [];
  const vus = o.vus === undefined ? '1' : whole(doc, o.vus, [...at, 'vus']);
  if (o.rps !== undefined) args.push('--rate', whole(doc, o.rps, [...at, 'rps']), '--max-in-flight', vus);
  else args.push('--vus', vus);
  if (o.duration !== undefined) args.push('--duration', requiredText(doc, o.duration, [...at, 'duration']));
  if (o.iterations !== undefined) args.push('--iterations', whole(doc, o.iterations, [...at, 'iterations']));
  if (o.duration === undefined && o.iterations === undefined) args.push('--iterations', '1');
  if (o.insecureSkipTLSVerify === true) args.push('--insecure');
  if (o.userAgent !== undefined) args.push('--header', `User-Agent: ${requiredText(doc, o.userAgent, [...at, 'userAgent'])}`);
  for (const key of Object.keys(o)) {
    if (!MAPPED.has(key)) throw doc.fail([...at, key], `k6 option "${key}" has no loadgen equivalent; remove it (mapped: ${[...MAPPED].join(', ')})`);
  }
  return args;
}

/** MAPPED are the k6 options k6OptionArgs honours; noUsageReport is loadgen's only behaviour (it reports nothing). */
const MAPPED = new Set(['vus', 'rps', 'duration', 'iterations', 'insecureSkipTLSVerify', 'userAgent', 'thresholds', 'noUsageReport']);

function thresholdsOf(doc: SweepDocument, v: unknown, at: KeyPath): Readonly<Record<string, unknown>> | null {
  if (v === undefined) return null;
  if (!isObject(v)) throw doc.fail(at, 'k6 thresholds are a map of metric -> list, e.g. {"http_req_duration": ["p(95)<500"]}');
  return v;
}

/** whole reads a count: Howitzer renders values as quoted strings, so "10" and 10 are both 10. */
function whole(doc: SweepDocument, v: unknown, at: KeyPath): string {
  const s = scalarArg(v);
  if (s === null || !/^\d+$/.test(s.trim())) throw doc.fail(at, `must be a whole number, got ${JSON.stringify(v)}`);
  return s.trim();
}

function requiredText(doc: SweepDocument, v: unknown, at: KeyPath): string {
  const s = scalarArg(v);
  if (s === null || s === '') throw doc.fail(at, `must be a non-empty string, got ${JSON.stringify(v)}`);
  return s;
}

function text(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}
