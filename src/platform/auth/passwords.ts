import { hash, verify } from '@node-rs/argon2';
import zxcvbnCore from '@zxcvbn-ts/core';
import zxcvbnCommon from '@zxcvbn-ts/language-common';
import zxcvbnEn from '@zxcvbn-ts/language-en';

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane
// (algorithm 2 is Argon2id: the package's enum is a const enum that isolated modules cannot read)
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// verifying against this when the account does not exist keeps sign-in timing uniform
export const DUMMY_HASH = await hashPassword('recolo-timing-equaliser');

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;
/** zxcvbn's guessability score, 0 to 4: below 3 is too easy to guess */
export const MIN_PASSWORD_SCORE = 3;

// the deny-list is zxcvbn-ts's maintained dictionaries: common and breached passwords, English
// words, names and Wikipedia's common words, with keyboard patterns, dates, sequences and l33t
const zxcvbn = new zxcvbnCore.ZxcvbnFactory({
  dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary },
  graphs: zxcvbnCommon.adjacencyGraphs,
  translations: zxcvbnEn.translations,
});

export const PASSWORD_ADVICE =
  'Use at least 12 characters. Three or more random words together, like "harbour violet kettle", are easy to remember and hard to guess.';

/**
 * NCSC's password guidance: long enough, no upper limit worth the name, no composition rules, and
 * nothing on a deny-list of common or breached passwords or easily guessed from the person's own
 * details (`personal`: email address, name). Returns the problem in words, or null.
 */
export function passwordProblem(password: string, personal: readonly string[] = []): string | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `Password must be ${MIN_PASSWORD_LENGTH} characters or more`;
  if (password.length > MAX_PASSWORD_LENGTH)
    return `Password must be ${MAX_PASSWORD_LENGTH} characters or fewer`;
  const inputs = personal.flatMap((p) => p.toLowerCase().split(/[^a-z0-9]+/)).filter((w) => w.length > 2);
  const result = zxcvbn.check(password, inputs);
  const common = result.sequence.some(
    (m) => m.pattern === 'dictionary' && m.token.length === password.length,
  );
  if (common || result.score < MIN_PASSWORD_SCORE)
    return 'Password is too easy to guess: it is a common password, or made of common words, names, dates or keyboard patterns';
  return null;
}
