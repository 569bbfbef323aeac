/**
 * poissonDraw draws one Poisson(mean) count. The bootstrap reweights a histogram bucket of c
 * requests by a Poisson(c) count (the sum of c independent Poisson(1) weights, one per request),
 * which resamples the requests without per-request data and in time proportional to the buckets.
 */

/**
 * EXACT_BELOW is the mean under which the count is drawn exactly (Knuth: about mean + 1
 * uniforms); above it the normal approximation N(mean, mean), rounded, is within the noise of
 * a bootstrap and costs two uniforms.
 */
const EXACT_BELOW = 30;

/** poissonDraw returns a Poisson(mean) integer (mean >= 0), from random's uniforms in [0, 1). */
export function poissonDraw(mean: number, random: () => number): number {
  if (mean <= 0) return 0;
  if (mean < EXACT_BELOW) {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = random();
    while (p > limit) {
      k++;
      p *= random();
    }
    return k;
  }
  // Box-Muller; 1 - u keeps the log argument in (0, 1].
  const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const v = Math.round(mean + z * Math.sqrt(mean));
  return v > 0 ? v : 0;
}
