/**
 * explodeOptions turns one set of options, some of them lists to sweep, into the runs of a sweep:
 * the Cartesian product of the swept lists, in the options' own key order with the last swept key
 * varying fastest (Howitzer's rule, iter8-howitzer.md 7.2). Options that are not swept are copied
 * into every combination as they are. Pure: tested as tables of counts and orders.
 */

/** Combination is one exploded run: every option with its value, and the swept ones alone. */
export interface Combination {
  /** options are all the options in their original key order, swept ones set to this run's value. */
  readonly options: Readonly<Record<string, unknown>>;
  /** swept are the swept options and this run's value of each, in key order. */
  readonly swept: Readonly<Record<string, unknown>>;
}

/**
 * explodeOptions explodes `options`; isSwept(key, value) says which keys are swept (their values
 * are then lists). An empty swept list gives no runs, as a product with an empty factor does.
 */
export function explodeOptions(options: Readonly<Record<string, unknown>>, isSwept: (key: string, value: unknown) => boolean): Combination[] {
  const axes = Object.entries(options).filter(([key, value]) => isSwept(key, value) && Array.isArray(value)) as Array<[string, readonly unknown[]]>;
  return cartesian(axes.map(([, values]) => values)).map((pick) => {
    const swept: Record<string, unknown> = {};
    axes.forEach(([key], i) => (swept[key] = pick[i]));
    const merged: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(options)) merged[key] = Object.hasOwn(swept, key) ? swept[key] : value;
    return { options: merged, swept };
  });
}

/** cartesian is the product of the lists, the last list varying fastest; one empty pick for no lists. */
export function cartesian(lists: ReadonlyArray<readonly unknown[]>): unknown[][] {
  let out: unknown[][] = [[]];
  for (const list of lists) out = out.flatMap((prefix) => list.map((v) => [...prefix, v]));
  return out;
}
