import { transliterate } from 'transliteration';

/**
 * The one rule by which people's names are compared: search, duplicate detection and a diary's
 * victim column all fold a name with it, so a name matches in whatever script or spelling it was
 * written (`Анна Петрова` = `Anna Petrova`, `Seán O'Brien-Ní Mhaoláin` = `sean obrien ni mhaolain`,
 * `Llŷr` = `llyr`, `Łukasz` = `lukasz`, `张伟` = `zhang wei`).
 *
 * Transliteration to Latin letters comes from the `transliteration` library (Greek, Cyrillic,
 * Arabic, Chinese and every other script it knows); what is left is decomposed (NFKD), stripped of
 * combining marks and lower-cased; apostrophes disappear (O'Brien is obrien) and every other run of
 * punctuation, hyphens or spaces becomes one space. The result holds only `a-z`, `0-9` and single
 * spaces, so the database's trigram index and its locale never see anything but ASCII: the same on
 * PGlite and on a PostgreSQL server created with any LC_CTYPE, C included.
 */

/** Bump when the rule changes: the stored folds are then worked out again (see foldStoredNames). */
export const NAME_FOLD_VERSION = 1;

const APOSTROPHES = /['’‘ʼʻ`´ʹ′]/gu;
// Greek ου is one sound, written "ou" in every romanisation (ELOT 743, UN, BGN/PCGN): the library
// takes it letter by letter ("oy"), which would keep Papadopoulou from matching Παπαδοπούλου
const GREEK_OU: [RegExp, string] = [/[οόΟΌ][υύΥΎ]/gu, 'ou'];

export function foldName(name: string): string {
  const latin = transliterate(name.normalize('NFC'), { unknown: '', trim: false, replace: [GREEK_OU] });
  return latin
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(APOSTROPHES, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * A search term folded the way names are, keeping slashes between its parts, so a PNC ID typed
 * into the same box (`24/127968K`) stays recognisable as one; the database folds the slash to a
 * space when it compares names.
 */
export function foldSearchTerm(term: string): string {
  return term
    .split('/')
    .map((part) => foldName(part))
    .join('/')
    .replace(/^\/+|\/+$/g, '');
}

/** The words of a folded name, each once. */
export function nameWords(name: string): string[] {
  return [...new Set(foldName(name).split(' ').filter(Boolean))];
}

export type NameMatch<T> =
  { kind: 'matched'; candidate: T } | { kind: 'none' } | { kind: 'ambiguous'; candidates: T[] };

/**
 * Which of the candidates a name (as someone wrote it) means: one whose name has exactly the same
 * words (in any order, script or spelling), or else the only one whose name contains every word
 * written (`Анна` for `Анна Петрова`). More than one such candidate, or none, is said so: a name is
 * never matched by guesswork.
 */
export function matchName<T>(written: string, candidates: T[], nameOf: (c: T) => string): NameMatch<T> {
  const words = nameWords(written);
  if (!words.length) return { kind: 'none' };
  const scored = candidates.map((c) => ({ c, own: nameWords(nameOf(c)) }));
  const exact = scored.filter((s) => s.own.length === words.length && words.every((w) => s.own.includes(w)));
  if (exact.length === 1) return { kind: 'matched', candidate: exact[0]!.c };
  if (exact.length > 1) return { kind: 'ambiguous', candidates: exact.map((s) => s.c) };
  const within = scored.filter((s) => words.every((w) => s.own.includes(w)));
  if (within.length === 1) return { kind: 'matched', candidate: within[0]!.c };
  if (within.length > 1) return { kind: 'ambiguous', candidates: within.map((s) => s.c) };
  return { kind: 'none' };
}
