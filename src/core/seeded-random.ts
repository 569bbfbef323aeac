/**
 * seededRandom is a small deterministic PRNG (mulberry32: 32 bits of state, period 2^32), so a
 * bootstrap gives the same interval for the same seed and a `random` fill rule the same tensor:
 * reports are reproducible and tests stable. It is not for anything that needs unpredictability.
 */

/** seededRandom returns a generator of uniform values in [0, 1), determined by seed (an integer). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
