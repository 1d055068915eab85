// Identifiers for fictional people. Every one is well formed, so it passes the same checks a real
// one does, and none can belong to a real person.

/**
 * A valid NHS number in the range 999 000 0000 to 999 999 9999, which the NHS reserves for testing
 * and never issues. `n` picks one; numbers whose check digit would be 10 (never issued) are skipped.
 */
export function fictionalNhsNumber(n: number): string {
  const start = Math.abs(Math.trunc(n)) % 1_000_000;
  for (let step = 0; ; step += 1) {
    const digits = String(999_000_000 + ((start + step) % 1_000_000));
    let sum = 0;
    for (let i = 0; i < 9; i += 1) sum += Number(digits[i]) * (10 - i);
    const check = 11 - (sum % 11);
    if (check === 10) continue;
    const n = `${digits}${check === 11 ? 0 : check}`;
    // 9999999999 passes the check digit but is a placeholder, refused as an NHS number
    if (/^(\d)\1{9}$/.test(n)) continue;
    return n;
  }
}

const PNC_LETTERS = 'ZABCDEFGHJKLMNPQRTUVWXY';

/** A Police National Computer ID in its short form, `YY/NNNNNNA`, with its check letter. */
export function fictionalPncId(year: number, serial: number): string {
  const yy = String(year % 100).padStart(2, '0');
  const number = Number(`${yy}${String(serial % 10_000_000).padStart(7, '0')}`);
  return `${yy}/${serial % 10_000_000}${PNC_LETTERS[number % 23]}`;
}

/** `YYYY-MM-DD`, `days` before now. */
export function isoDateDaysAgo(days: number, now = new Date()): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
}

export function daysAgo(days: number, now = new Date()): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

/** `YYYY-MM-DD`, `days` after now. */
export function isoDateDaysAhead(days: number, now = new Date()): string {
  return isoDateDaysAgo(-days, now);
}

/**
 * A UK phone number in 01632 960000 to 960999, the range Ofcom keeps for drama and fiction: it is
 * never given to anyone. `n` picks one of the thousand.
 */
export function fictionalPhone(n: number): string {
  return `01632 960 ${String(Math.abs(Math.trunc(n)) % 1000).padStart(3, '0')}`;
}
