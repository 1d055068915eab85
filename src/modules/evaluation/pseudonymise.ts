import { createHmac } from 'node:crypto';

/**
 * Pseudonymisation for research extracts. The key is the programme's (RECOLO_PSEUDONYM_KEY),
 * never the evaluator's: without it a pseudonym cannot be linked to a case, and two extracts'
 * pseudonyms for the same case differ (the extract id is in the HMAC), so extracts cannot be joined.
 */

/** The case's pseudonym in one extract: HMAC-SHA256(key, "pseudonym:" + extract id + ":" + case id), 16 hex digits. */
export function pseudonym(key: string, extractId: string, caseId: string): string {
  return createHmac('sha256', key).update(`pseudonym:${extractId}:${caseId}`).digest('hex').slice(0, 16);
}

/** The most days a person's dates move either way. */
export const MAX_SHIFT_DAYS = 30;

/**
 * The person's date shift in one extract: a whole number of days from −30 to +30 taken from
 * HMAC-SHA256(key, "shift:" + extract id + ":" + case id). Every date of the person moves by the
 * same amount, so intervals between their dates (survival times) are kept exactly.
 */
export function dateShiftDays(key: string, extractId: string, caseId: string): number {
  const mac = createHmac('sha256', key).update(`shift:${extractId}:${caseId}`).digest();
  return (mac.readUInt32BE(0) % (2 * MAX_SHIFT_DAYS + 1)) - MAX_SHIFT_DAYS;
}

/** A `YYYY-MM-DD` date moved by `days`. */
export function shiftDate(date: string | null, days: number): string {
  if (!date) return '';
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** What k-anonymity did to the rows: each row's quasi-identifiers as released, and the counts. */
export type KAnonymity<T> = { rows: T[]; coarsened: number; withheld: number };

/**
 * Makes every combination of quasi-identifiers occur at least k times: rows in a smaller class
 * have their quasi-identifiers coarsened one at a time, in the order given (each replaced by
 * `hidden`), and the class is checked again; rows still in a class under k are withheld. `fixed`
 * quasi-identifiers (e.g. the site, which the tables are split by) are never coarsened. A class
 * still under k once everything is hidden is topped up from the largest classes (their rows
 * coarsened too) before any row is withheld.
 */
export function kAnonymise<T extends Record<string, string>>(
  input: readonly T[],
  k: number,
  fixed: readonly (keyof T)[],
  coarsenOrder: readonly (keyof T)[],
  hidden = 'Not shown',
): KAnonymity<T> {
  const all = [...fixed, ...coarsenOrder];
  const keyOf = (r: T) => all.map((q) => r[q]).join('\u0000');
  let rows = input.map((r) => ({ ...r }));
  const touched = new Set<number>();
  const small = () => {
    const sizes = new Map<string, number>();
    for (const r of rows) sizes.set(keyOf(r), (sizes.get(keyOf(r)) ?? 0) + 1);
    return rows.map((r) => sizes.get(keyOf(r))! < k);
  };
  for (const q of coarsenOrder) {
    const isSmall = small();
    if (!isSmall.some(Boolean)) break;
    rows = rows.map((r, i) => {
      if (!isSmall[i] || r[q] === hidden) return r;
      touched.add(i);
      return { ...r, [q]: hidden };
    });
  }
  // rows still in a class under k have every coarsenable quasi-identifier hidden: top their class
  // up to k with rows fully coarsened from the largest classes that can spare them (so fewer are
  // withheld), each class keeping at least k
  let isSmall = small();
  const residual = (r: T) => coarsenOrder.every((q) => r[q] === hidden);
  // the classes once: a donor gives its rows from the end of its own list (which keeps its size
  // true), and those rows join only the target's class, which is never a donor
  const classes = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const key = keyOf(r);
    const members = classes.get(key);
    if (members) members.push(i);
    else classes.set(key, [i]);
  });
  for (const [, members] of [...classes]) {
    if (!members.length || members.length >= k || !residual(rows[members[0]!]!)) continue;
    const target = rows[members[0]!]!;
    let size = members.length;
    const donors = [...classes.values()]
      .filter(
        (m) => m.length > k && !residual(rows[m[0]!]!) && fixed.every((f) => rows[m[0]!]![f] === target[f]),
      )
      .sort((a, b) => b.length - a.length);
    for (const donor of donors) {
      while (size < k && donor.length > k) {
        const i = donor.pop()!;
        rows[i] = { ...rows[i]!, ...Object.fromEntries(coarsenOrder.map((q) => [q, hidden])) };
        touched.add(i);
        size += 1;
      }
      if (size >= k) break;
    }
  }
  isSmall = small();
  const kept = rows.filter((_, i) => !isSmall[i]);
  const withheld = rows.length - kept.length;
  const coarsened = [...touched].filter((i) => !isSmall[i]).length;
  return { rows: kept, coarsened, withheld };
}
