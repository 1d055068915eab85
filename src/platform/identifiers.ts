/**
 * The identifiers people are known by across agencies, checked by their published rules and kept
 * in one canonical form, so the same person is found whichever way the number was written.
 */

// ---------------------------------------------------------------------------------------------
// NHS number: ten digits, the last a modulus 11 check digit over the first nine (NHS Data
// Dictionary). Printed as 943 476 5919; also typed with hyphens or several spaces.

/** The digits of an NHS number as written: spaces (of any kind and number) and hyphens removed. */
export function nhsNumberDigits(raw: string): string {
  return raw.replace(/[\s\u00a0\u2010-\u2015-]+/g, '');
}

/** The modulus 11 check digit of nine digits, or null when it computes to 10 (never issued). */
export function nhsCheckDigit(nine: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += Number(nine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return null;
  return check === 11 ? 0 : check;
}

/**
 * Why an NHS number cannot be accepted, or null when it can. A number of one digit repeated
 * (0000000000, 9999999999 …) passes the check digit but is a placeholder for "not known":
 * accepting it would make unrelated people match each other.
 */
export function nhsNumberProblem(raw: string): string | null {
  const digits = nhsNumberDigits(raw);
  if (!/^\d{10}$/.test(digits)) return 'Enter a valid NHS number: 10 digits, the last a check digit';
  if (/^(\d)\1{9}$/.test(digits))
    return 'Enter the person’s real NHS number: a number of one repeated digit is a placeholder, not an NHS number';
  if (nhsCheckDigit(digits.slice(0, 9)) !== Number(digits[9]))
    return 'Enter a valid NHS number: the last digit (the check digit) does not match the others';
  return null;
}

export function isValidNhsNumber(raw: string): boolean {
  return nhsNumberProblem(raw) === null;
}

/** The canonical form of a valid NHS number (its ten digits), or null. */
export function canonicalNhsNumber(raw: string): string | null {
  return isValidNhsNumber(raw) ? nhsNumberDigits(raw) : null;
}

// ---------------------------------------------------------------------------------------------
// Police National Computer ID: a year, a serial number and a check letter. The check letter is
// the number formed by the year's last two digits and the serial padded to seven digits, modulo
// 23, as a letter of the alphabet without I, O and S, starting at Z (the rule the Ministry of
// Justice's services apply, e.g. hmpps-person-record's PNC validator).

export const PNC_CHECK_LETTERS = 'ZABCDEFGHJKLMNPQRTUVWXY';

/** The check letter of a two-digit year and a serial number. */
export function pncCheckLetter(year2: number, serial: number): string {
  const n = year2 * 10_000_000 + serial;
  return PNC_CHECK_LETTERS[n % 23]!;
}

export type PncParts = { year2: number; century: number | null; serial: number; check: string };

/**
 * The parts of a PNC ID in any of its written forms: the short form 24/127968K, the long form
 * 2024/0127968K, either without the slash (24127968K, 241234567K, 20240127968K), the serial with
 * or without leading zeros, in either case, with spaces around. Null when it is none of them.
 * Without a slash, nine digits or fewer are a two-digit year and its serial; ten or eleven a
 * four-digit year (19xx or 20xx) and its serial.
 */
export function pncParts(raw: string): PncParts | null {
  const v = raw.replace(/\s+/g, '').toUpperCase();
  let year: string;
  let serial: string;
  let check: string;
  const slashed = /^(\d{2}|\d{4})\/(\d{1,7})([A-Z])$/.exec(v);
  const bare = /^(\d{3,11})([A-Z])$/.exec(v);
  if (slashed) [, year, serial, check] = slashed as unknown as [string, string, string, string];
  else if (bare) {
    const digits = bare[1]!;
    check = bare[2]!;
    if (digits.length <= 9) [year, serial] = [digits.slice(0, 2), digits.slice(2)];
    else [year, serial] = [digits.slice(0, 4), digits.slice(4)];
  } else return null;
  if (year.length === 4 && !/^(19|20)/.test(year)) return null;
  return {
    year2: Number(year.slice(-2)),
    century: year.length === 4 ? Number(year.slice(0, 2)) : null,
    serial: Number(serial),
    check,
  };
}

/** Why a PNC ID cannot be accepted, or null when it can. */
export function pncIdProblem(raw: string): string | null {
  const p = pncParts(raw);
  if (!p) return 'Enter a Police National Computer ID in the correct format, like 24/123456F';
  if (p.serial === 0) return 'Enter a Police National Computer ID with its serial number, like 24/123456F';
  if (pncCheckLetter(p.year2, p.serial) !== p.check)
    return 'Enter the Police National Computer ID exactly as it appears: its check letter does not match the number';
  return null;
}

export function isValidPncId(raw: string): boolean {
  return pncIdProblem(raw) === null;
}

/**
 * The canonical form of a valid PNC ID, or null: the short form, two-digit year, slash, serial
 * without leading zeros, capital check letter (24/127968K). Why this form: it is how the ID is
 * printed on police documents and how Recolo has always stored it, and every written form turns
 * into it without a guess (the check letter covers only the two-digit year and the serial, so the
 * long form's century adds nothing to the identity, while turning a short form into a long one
 * would mean guessing the century).
 */
export function canonicalPncId(raw: string): string | null {
  if (!isValidPncId(raw)) return null;
  const p = pncParts(raw)!;
  return `${String(p.year2).padStart(2, '0')}/${p.serial}${p.check}`;
}

/**
 * A search term that is an identifier, in the form it is stored in: a valid PNC ID or NHS number
 * written any way becomes its canonical form; anything else is returned as it was.
 */
export function canonicalSearchTerm(term: string): string {
  return canonicalPncId(term) ?? canonicalNhsNumber(term) ?? term;
}
