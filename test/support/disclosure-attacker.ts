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
const keyOf = (vars: readonly number[]): string => [...vars].sort((a, b) => a - b).join(',');

/** Merges constraints over the same counts (intersecting their intervals) and adds differences. */
function closeUnderDifferences(constraints: readonly Constraint[]): Constraint[] {
  const byKey = new Map<string, Constraint>();
  const add = (c: Constraint): boolean => {
    const vars = [...new Set(c.vars)].sort((a, b) => a - b);
    if (vars.length === 0) return false;
    const key = keyOf(vars);
    const old = byKey.get(key);
    const next = {
      vars,
      low: Math.max(c.low, old?.low ?? -UNBOUNDED),
      high: Math.min(c.high, old?.high ?? UNBOUNDED),
    };
    if (old && old.low === next.low && old.high === next.high) return false;
    byKey.set(key, next);
    return true;
  };
  for (const c of constraints) add(c);
  // one round of differences of nested pairs (and their differences in turn, up to three rounds)
  for (let round = 0; round < 3; round += 1) {
    const list = [...byKey.values()];
    const sets = list.map((c) => new Set(c.vars));
    let changed = false;
    for (let a = 0; a < list.length; a += 1)
      for (let b = 0; b < list.length; b += 1) {
        if (a === b || list[b]!.vars.length >= list[a]!.vars.length) continue;
        if (!list[b]!.vars.every((v) => sets[a]!.has(v))) continue;
        const rest = list[a]!.vars.filter((v) => !sets[b]!.has(v));
        changed =
          add({ vars: rest, low: list[a]!.low - list[b]!.high, high: list[a]!.high - list[b]!.low }) ||
          changed;
      }
    if (!changed) break;
  }
  return [...byKey.values()];
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
