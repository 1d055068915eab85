/**
 * Putting people in order of their follow-up time fast enough for national data (500,000
 * people): a sort with a comparison function takes about a second there, so the distinct times
 * are sorted natively (Float64Array.prototype.sort) and everyone is then placed by counting.
 */

/** The distinct values of `times` in increasing order. */
export function distinctSorted(times: ArrayLike<number>): Float64Array {
  const sorted = Float64Array.from(times).sort();
  let m = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[m - 1]) sorted[m++] = sorted[i] ?? 0;
  }
  return sorted.slice(0, m);
}

/** The index of `value` in the increasing array `distinct` (which must hold it), by bisection. */
function rankOf(distinct: Float64Array, value: number): number {
  let lo = 0;
  let hi = distinct.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((distinct[mid] ?? 0) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The indices 0..n-1 ordered by increasing time (ties keep their input order), with each
 * person's rank among the distinct times. O(n log T) for T distinct times.
 */
export function orderByTime(times: ArrayLike<number>): {
  order: Uint32Array;
  rank: Uint32Array;
  distinct: Float64Array;
} {
  const distinct = distinctSorted(times);
  const n = times.length;
  const rank = new Uint32Array(n);
  const start = new Uint32Array(distinct.length + 1);
  for (let i = 0; i < n; i++) {
    const r = rankOf(distinct, times[i] ?? 0);
    rank[i] = r;
    start[r + 1] = (start[r + 1] ?? 0) + 1;
  }
  for (let r = 0; r < distinct.length; r++) start[r + 1] = (start[r + 1] ?? 0) + (start[r] ?? 0);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rank[i] ?? 0;
    order[start[r] ?? 0] = i;
    start[r] = (start[r] ?? 0) + 1;
  }
  return { order, rank, distinct };
}
