/**
 * The sweep's explosion as tables: counts and order of the Cartesian product (last key fastest,
 * Howitzer's rule), the instance names, the Howitzer example from ModelMesh's documentation
 * exploded into its five runs, loadgen's own format, and bad configs as one line naming the key
 * and its line.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../../src/core/errors.js';
import { explodeOptions } from '../../src/plan/sweep-explode.js';
import { SweepDocument } from '../../src/plan/sweep-document.js';
import { readSweepConfig, sweepOf } from '../../src/plan/sweep-config.js';
import { K6_ITERABLE } from '../../src/plan/sweep-howitzer.js';

const EXAMPLE = fileURLToPath(new URL('../../../test/fixtures/howitzer/inference_test_skmnist.json', import.meta.url));

const iterable = (key: string) => K6_ITERABLE.includes(key);

describe('explodeOptions', () => {
  // [options, expected swept values in order]
  const cases: Array<[string, Record<string, unknown>, Array<Record<string, unknown>>]> = [
    ['no lists: one run', { vus: 5, duration: '1s' }, [{}]],
    ['one list', { vus: [2] , duration: '30s' }, [{ vus: 2 }]],
    [
      "the spec's example: vus x duration, last key fastest",
      { vus: [10, 100], duration: ['120s', '300s'] },
      [{ vus: 10, duration: '120s' }, { vus: 10, duration: '300s' }, { vus: 100, duration: '120s' }, { vus: 100, duration: '300s' }],
    ],
    [
      'key order decides, not the names',
      { duration: ['1s', '2s'], vus: [1, 2, 3] },
      [
        { duration: '1s', vus: 1 }, { duration: '1s', vus: 2 }, { duration: '1s', vus: 3 },
        { duration: '2s', vus: 1 }, { duration: '2s', vus: 2 }, { duration: '2s', vus: 3 },
      ],
    ],
    ['a list under a non-iterable key is copied, not swept', { stages: [{ duration: '1s', target: 1 }], vus: [1, 2] }, [{ vus: 1 }, { vus: 2 }]],
    ['an empty list: no runs', { vus: [], duration: '1s' }, []],
    ['three keys: 2 x 2 x 3 = 12', { vus: [1, 2], rps: [10, 20], duration: ['1s', '2s', '3s'] }, Array.from({ length: 12 }, (_x, i) => ({ vus: [1, 2][Math.floor(i / 6)], rps: [10, 20][Math.floor(i / 3) % 2], duration: ['1s', '2s', '3s'][i % 3] }))],
  ];
  for (const [what, options, expected] of cases) {
    it(what, () => {
      const runs = explodeOptions(options, iterable);
      assert.deepEqual(runs.map((r) => r.swept), expected);
      for (const r of runs) {
        assert.deepEqual(Object.keys(r.options), Object.keys(options), 'every option, in its order');
        for (const [k, v] of Object.entries(options)) if (!(k in r.swept)) assert.deepEqual(r.options[k], v, `${k} copied`);
      }
    });
  }
});

describe('Howitzer configs', () => {
  it("explodes ModelMesh's documented example into 5 runs, in product order, mapped to loadgen infer over gRPC", () => {
    const spec = readSweepConfig(EXAMPLE);
    assert.equal(spec.format, 'howitzer');
    assert.equal(spec.title, 'K6 Model Mesh Inference Tests');
    assert.deepEqual(
      spec.runs.map((r) => [r.name, r.swept]),
      [
        ['0-warmup_0', { vus: 2 }],
        ['small_vus_sklearn_test_0', { vus: 10, duration: '2s' }],
        ['small_vus_sklearn_test_1', { vus: 10, duration: '10s' }],
        ['small_vus_sklearn_test_2', { vus: 20, duration: '2s' }],
        ['small_vus_sklearn_test_3', { vus: 20, duration: '10s' }],
      ],
    );
    assert.deepEqual(spec.runs[3].args, [
      '--transport', 'grpc', '--url', 'localhost:8033', '--model', 'snapml-mnist-svm', '--payload', 'modelmesh-sklearn-mnist', '--vus', '20', '--duration', '2s',
    ]);
    assert.deepEqual(spec.runs[0].testConfig.k6_opts, { vus: 2, duration: '30s' }, 'test_configs carry the exploded options');
    assert.equal(spec.runs[0].testConfig.description, 'Warm up sklearn model for 30s with 2vus');
  });

  const base = { name: 't', template: 'http/script_http.js', base_url: 'localhost:8008', model_name: 'm' };
  const argsOf = (k6_opts: Record<string, unknown>) => sweepOf(doc({ test_configs: [{ ...base, k6_opts }] })).runs.map((r) => r.args.slice(6));
  it('maps k6 options to infer flags (k6 defaults: 1 user, 1 iteration; rps = a rate with at most vus in flight)', () => {
    assert.deepEqual(sweepOf(doc({ test_configs: [{ ...base, k6_opts: {} }] })).runs[0].args.slice(0, 6), ['--transport', 'http', '--url', 'http://localhost:8008', '--model', 'm']);
    assert.deepEqual(argsOf({}), [['--vus', '1', '--iterations', '1']]);
    assert.deepEqual(argsOf({ vus: '4', iterations: 100 }), [['--vus', '4', '--iterations', '100']]);
    assert.deepEqual(argsOf({ rps: [50, 100], vus: 8, duration: '5s' }), [
      ['--rate', '50', '--max-in-flight', '8', '--duration', '5s'],
      ['--rate', '100', '--max-in-flight', '8', '--duration', '5s'],
    ]);
    assert.deepEqual(argsOf({ duration: '1s', insecureSkipTLSVerify: true, userAgent: 'howitzer', noUsageReport: true }), [
      ['--vus', '1', '--duration', '1s', '--insecure', '--header', 'User-Agent: howitzer'],
    ]);
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['an option loadgen cannot honour', { test_configs: [{ ...base, k6_opts: { vus: 1, stages: [{ duration: '1s', target: 2 }] } }] }, /^x\.yaml:\d+: test_configs\[0\]\.k6_opts\.stages: k6 option "stages" has no loadgen equivalent/],
    ['a key Howitzer does not allow', { test_configs: [{ ...base, k6_opts: { scenarios: {} } }] }, /k6_opts\.scenarios: "scenarios" is not a k6 option Howitzer allows/],
    ['a template of no known protocol', { test_configs: [{ ...base, template: 'foo.js', k6_opts: {} }] }, /test_configs\[0\]\.template: cannot tell the protocol of template "foo\.js"/],
    ['a missing field', { test_configs: [{ name: 't', template: 'grpc/x.js', k6_opts: {} }] }, /test_configs\[0\]: missing "base_url"/],
    ['an unknown payload', { test_configs: [{ ...base, payload: 'nope.json', k6_opts: {} }] }, /payload: "nope\.json" is neither a ModelMesh payload/],
    ['vus not a number', { test_configs: [{ ...base, k6_opts: { vus: ['ten'] } }] }, /k6_opts\.vus: must be a whole number, got "ten"/],
  ];
  for (const [what, config, message] of bad) {
    it(`bad input: ${what}`, () => assert.throws(() => sweepOf(doc(config)), (err: Error) => err instanceof UsageError && message.test(err.message) && !err.message.includes('\n')));
  }

  it('names the line of the offending key', () => {
    const text = ['{', '  "test_configs": [', '    {"name": "t", "template": "grpc/x.js", "base_url": "h:1", "model_name": "m",', '     "k6_opts": {', '       "vus": 1,', '       "httpDebug": "full"', '     }}', '  ]', '}'].join('\n');
    assert.throws(() => sweepOf(new SweepDocument('h.json', text)), /^UsageError: h\.json:6: test_configs\[0\]\.k6_opts\.httpDebug: /);
  });
});

describe("loadgen's own format", () => {
  it('sweeps any flag given as a list, in key order, last fastest; booleans and repeated flags', () => {
    const spec = sweepOf(
      new SweepDocument(
        's.yaml',
        ['title: iris', 'cooldown: 2s', 'name: iris', 'command: infer', 'flags:', '  url: http://127.0.0.1:1', '  model: iris', '  rate: [100, 200]', '  duration: [1s, 2s]', '  check: false', '  slo: [["p99<=50ms", "error-rate<1%"]]'].join('\n'),
      ),
    );
    assert.equal(spec.cooldown, '2s');
    assert.deepEqual(spec.runs.map((r) => [r.name, r.swept]), [
      ['iris_0', { rate: 100, duration: '1s', slo: ['p99<=50ms', 'error-rate<1%'] }],
      ['iris_1', { rate: 100, duration: '2s', slo: ['p99<=50ms', 'error-rate<1%'] }],
      ['iris_2', { rate: 200, duration: '1s', slo: ['p99<=50ms', 'error-rate<1%'] }],
      ['iris_3', { rate: 200, duration: '2s', slo: ['p99<=50ms', 'error-rate<1%'] }],
    ]);
    assert.deepEqual(spec.runs[2].args, ['--url', 'http://127.0.0.1:1', '--model', 'iris', '--rate', '200', '--duration', '1s', '--no-check', '--slo', 'p99<=50ms', '--slo', 'error-rate<1%']);
  });

  it('several families under sweeps:, grpc with its host first', () => {
    const spec = sweepOf(doc({ sweeps: [{ name: 'a', command: 'attack', flags: { url: 'http://x', rate: [1, 2] } }, { command: 'grpc', flags: { host: '127.0.0.1:9', call: 'x.Y/Z', rps: 5 } }] }));
    assert.deepEqual(spec.runs.map((r) => [r.name, r.command, r.args]), [
      ['a_0', 'attack', ['--url', 'http://x', '--rate', '1']],
      ['a_1', 'attack', ['--url', 'http://x', '--rate', '2']],
      ['grpc_0', 'grpc', ['127.0.0.1:9', '--call', 'x.Y/Z', '--rps', '5']],
    ]);
  });

  const bad: Array<[string, string, RegExp]> = [
    ['an unknown flag, with its line', 'command: infer\nflags:\n  url: http://x\n  ratee: [1, 2]\n', /^s\.yaml:4: flags\.ratee: "ratee" is not a flag of loadgen infer/],
    ['a flag the sweep sets', 'command: infer\nflags:\n  url: http://x\n  result: r.json\n', /^s\.yaml:4: flags\.result: the sweep sets --result itself/],
    ['an unknown command', 'command: bench\nflags: {}\n', /^s\.yaml:1: command: must be one of infer, attack, grpc/],
    ['a list of lists for a flag given once', 'command: infer\nflags:\n  url: http://x\n  rate: [[1, 2]]\n', /flags\.rate: --rate is given once per run/],
    ['not YAML', 'command: infer\nflags: {url: [\n', /^s\.yaml:\d+: not valid YAML or JSON/],
  ];
  for (const [what, text, message] of bad) {
    it(`bad input: ${what}`, () => assert.throws(() => sweepOf(new SweepDocument('s.yaml', text)), (err: Error) => err instanceof UsageError && message.test(err.message) && !err.message.includes('\n')));
  }
});

function doc(value: unknown): SweepDocument {
  return new SweepDocument('x.yaml', JSON.stringify(value, null, 2));
}
