/**
 * The quantile functions against printed tables (Student's t and the normal, to 3 decimals), and
 * the widening of a rounds interval they give.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalQuantile, studentTQuantile } from '../../src/results/student-t.js';
import { roundsWidening } from '../../src/results/compare-runs.js';

describe('studentTQuantile', () => {
  // [p, degrees of freedom, t from the tables]
  const table: Array<[p: number, df: number, t: number]> = [
    [0.975, 1, 12.706],
    [0.975, 2, 4.303],
    [0.975, 4, 2.776],
    [0.975, 9, 2.262],
    [0.975, 30, 2.042],
    [0.95, 2, 2.92],
    [0.995, 4, 4.604],
    [0.5, 3, 0],
    [0.025, 2, -4.303],
  ];
  for (const [p, df, t] of table) it(`t(${p}, ${df}) = ${t}`, () => assert.ok(Math.abs(studentTQuantile(p, df) - t) < 1e-3, String(studentTQuantile(p, df))));
});

describe('normalQuantile', () => {
  const table: Array<[p: number, z: number]> = [
    [0.975, 1.96],
    [0.95, 1.645],
    [0.995, 2.576],
    [0.5, 0],
    [0.1, -1.282],
  ];
  for (const [p, z] of table) it(`z(${p}) = ${z}`, () => assert.ok(Math.abs(normalQuantile(p) - z) < 1e-3, String(normalQuantile(p))));
});

describe('roundsWidening', () => {
  // [rounds, level, factor = sqrt(n/(n-1)) * t(n-1) / z]
  const table: Array<[rounds: number, level: number, factor: number]> = [
    [3, 0.95, 2.689],
    [5, 0.95, 1.584],
    [10, 0.95, 1.218],
    [100, 0.95, 1.017],
    [3, 0.9, 2.174],
  ];
  for (const [rounds, level, factor] of table) {
    it(`${rounds} rounds at ${level}: x${factor}`, () => assert.ok(Math.abs(roundsWidening(rounds, level) - factor) < 2e-3, String(roundsWidening(rounds, level))));
  }
});
