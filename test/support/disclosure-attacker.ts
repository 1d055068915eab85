/**
 * An attacker on published tables: it knows the disclosure rule, turns every published figure into
 * an interval for the true count it adds up (a constraint: the sum of some unknown finest-grained
 * counts lies in [low, high]), and solves the constraints together by bounds propagation over
 * non-negative integers, adding the difference of every pair of constraints where one's counts are
 * part of the other's (e.g. "all sites" minus "all sites but one", a total minus its other cells).
 *
 * Propagation is sound: a count it pins to one value really is determined by what was published.
 * (It is not complete, which is why the differencing test also proves, by an alternative dataset
 * publishing the same figures, that a count is not pinned.)
 */
export type Constraint = { vars: readonly number[]; low: number; high: number };
export type Bounds = [number, number][];

const UNBOUNDED = 1_000_000;
const maskOf = (vars: readonly number[]): number => vars.reduce((m, v) => m | (1 << v), 0);

/**
 * Merges constraints over the same counts (intersecting their intervals) and adds the difference
 * of every nested pair, twice over (so a difference of differences too). Counts are numbered
 * below 31 (sets are bit masks).
 */
function closeUnderDifferences(constraints: readonly Constraint[]): Constraint[] {
  const byMask = new Map<number, { mask: number; low: number; high: number }>();
  const add = (mask: number, low: number, high: number): boolean => {
    if (mask === 0) return false;
    const old = byMask.get(mask);
    const next = {
      mask,
      low: Math.max(low, old?.low ?? -UNBOUNDED),
      high: Math.min(high, old?.high ?? UNBOUNDED),
    };
    if (old && old.low === next.low && old.high === next.high) return false;
    byMask.set(mask, next);
    return true;
  };
  for (const c of constraints) {
    if (c.vars.some((v) => v > 30)) throw new RangeError('the attacker handles at most 31 counts');
    add(maskOf(c.vars), c.low, c.high);
  }
  for (let round = 0; round < 2; round += 1) {
    const list = [...byMask.values()];
    let changed = false;
    for (const a of list)
      for (const b of list)
        if (a !== b && (a.mask & b.mask) === b.mask)
          changed = add(a.mask & ~b.mask, a.low - b.high, a.high - b.low) || changed;
    if (!changed) break;
  }
  return [...byMask.values()].map(({ mask, low, high }) => ({
    vars: Array.from({ length: 31 }, (_, v) => v).filter((v) => (mask >> v) & 1),
    low,
    high,
  }));
}

/**
 * The tightest bounds propagation gives for each of `count` unknown counts (each ≥ 0), or
 * 'infeasible' when the constraints contradict each other.
 */
export function attack(count: number, constraints: readonly Constraint[]): Bounds | 'infeasible' {
  const bounds: Bounds = Array.from({ length: count }, () => [0, UNBOUNDED]);
  const closed = closeUnderDifferences(constraints);
  for (let pass = 0; pass < 200; pass += 1) {
    let changed = false;
    for (const c of closed) {
      const lowSum = c.vars.reduce((s, v) => s + bounds[v]![0], 0);
      const highSum = c.vars.reduce((s, v) => s + bounds[v]![1], 0);
      for (const v of c.vars) {
        const [lo, hi] = bounds[v]!;
        const newLo = Math.max(lo, c.low - (highSum - hi));
        const newHi = Math.min(hi, c.high - (lowSum - lo));
        if (newLo > newHi) return 'infeasible';
        if (newLo !== lo || newHi !== hi) {
          bounds[v] = [newLo, newHi];
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  return bounds;
}

/** The interval an attacker gives one sum from the bounds of its counts. */
export const boundsOfSum = (bounds: Bounds, vars: readonly number[]): [number, number] => [
  vars.reduce((s, v) => s + bounds[v]![0], 0),
  vars.reduce((s, v) => s + bounds[v]![1], 0),
];
