import type { Tx } from '../../platform/db/request-tx.js';
import { findPossibleMatches, searchPeople, type PossibleMatch } from './repository.js';

/** Possible duplicates of a person about to be recorded: shown to the user, never merged silently. */
export function possibleDuplicates(
  tx: Tx,
  person: {
    givenName: string;
    familyName: string;
    dateOfBirth: string | null;
    pncId: string | null;
    nhsNumber: string | null;
  },
): Promise<PossibleMatch[]> {
  return findPossibleMatches(tx, {
    fullName: `${person.givenName} ${person.familyName}`,
    dateOfBirth: person.dateOfBirth,
    pncId: person.pncId,
    nhsNumber: person.nhsNumber,
  });
}

export function search(tx: Tx, q: string) {
  return searchPeople(tx, q);
}
