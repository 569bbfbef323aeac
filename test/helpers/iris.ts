import { IRIS_BIASES, IRIS_WEIGHTS } from '../../src/servers/models/iris.js';

/** irisExpected recomputes the iris classifier independently of the server's code path. */
export function irisExpected(x: number[]): { labels: number[]; proba: number[] } {
  const labels: number[] = [];
  const proba: number[] = [];
  for (let b = 0; b < x.length / 4; b++) {
    const z = [0, 1, 2].map((c) => IRIS_BIASES[c] + [0, 1, 2, 3].reduce((s, f) => s + IRIS_WEIGHTS[c * 4 + f] * x[b * 4 + f], 0));
    const m = Math.max(...z);
    const e = z.map((v) => Math.exp(v - m));
    const sum = e.reduce((a, v) => a + v, 0);
    proba.push(...e.map((v) => v / sum));
    labels.push(z.indexOf(m));
  }
  return { labels, proba };
}
