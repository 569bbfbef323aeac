/**
 * studentTQuantile and normalQuantile are the quantile functions the comparison needs to widen a
 * bootstrap interval over few rounds (compare-runs.ts). Both solve CDF(x) = p by bisection over a
 * Simpson integral of a smooth, finite-range integrand: for Student's t with ν degrees of freedom,
 * x = √ν·tan θ turns the density into cos^(ν-1) θ on (-π/2, π/2), so even ν = 1 (Cauchy) needs no
 * infinite range. Accurate to about 1e-6, which is far below what an interval's width needs.
 */

const STEPS = 1000;
const BISECTIONS = 60;

/** simpson integrates f over [a, b] with STEPS (even) intervals. */
function simpson(f: (x: number) => number, a: number, b: number): number {
  const h = (b - a) / STEPS;
  let sum = f(a) + f(b);
  for (let i = 1; i < STEPS; i++) sum += (i % 2 === 1 ? 4 : 2) * f(a + i * h);
  return (sum * h) / 3;
}

/** solveAbove finds x in [0, hi] where the increasing g(x) reaches target, by bisection. */
function solveAbove(g: (x: number) => number, target: number, hi: number): number {
  let lo = 0;
  for (let i = 0; i < BISECTIONS; i++) {
    const mid = (lo + hi) / 2;
    if (g(mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** studentTQuantile is the p quantile (0 < p < 1) of Student's t with df degrees of freedom (df >= 1). */
export function studentTQuantile(p: number, df: number): number {
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  const f = (u: number) => Math.cos(u) ** (df - 1);
  const half = simpson(f, 0, Math.PI / 2);
  const theta = solveAbove((t) => simpson(f, 0, t), (2 * p - 1) * half, Math.PI / 2);
  return Math.sqrt(df) * Math.tan(theta);
}

/** normalQuantile is the p quantile (0 < p < 1) of the standard normal distribution. */
export function normalQuantile(p: number): number {
  if (p < 0.5) return -normalQuantile(1 - p);
  const phi = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
  return solveAbove((z) => simpson(phi, 0, z), p - 0.5, 40);
}
