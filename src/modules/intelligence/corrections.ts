import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import {
  plainValue,
  registerCorrectableRecord,
  withdrawalApiOf,
  type AmendableKind,
} from '../../platform/corrections/index.js';
import { formatDateTime } from '../../platform/views/format.js';
import { getEntry, updateEntry, type EntryRow } from './repository.js';
import { HANDLING_LABELS, intelligenceInput, intelligenceItemApi, type Handling } from './schemas.js';

/** An intelligence entry's amendable details: its text and how it may be shared. */
export type EntryDetails = { body: string; handling: Handling };

/**
 * Police intelligence as a record kind that can be corrected and withdrawn (migration 033). Any
 * officer who writes the police intelligence compartment of the case may correct an entry (the
 * investigation's picture is the police team's, kept current as enquiries go on), with a reason.
 */
export const POLICE_INTELLIGENCE: AmendableKind<EntryDetails> = {
  table: 'police_intelligence',
  compartment: 'police_intelligence',
  what: 'intelligence entry',
  recordType: 'police_intelligence',
  amendments: 'police_intelligence_amendment',
  labels: { body: 'Intelligence', handling: 'Handling' },
  field: 'body',
};

/** A history value as people read it: the handling by its label. */
export function shownEntryValue(field: string, v: unknown): string {
  if (field === 'handling') return HANDLING_LABELS[v as Handling] ?? plainValue(v);
  return plainValue(v);
}

/** An entry's own page, its correction and withdrawal, and the same through the API. */
export function registerEntryCorrections(app: FastifyInstance): void {
  registerCorrectableRecord<EntryDetails, EntryRow, z.infer<typeof intelligenceItemApi>>(app, {
    kind: POLICE_INTELLIGENCE,
    slug: 'intelligence',
    param: 'entryId',
    tag: 'intelligence',
    templates: { record: 'intelligence/views/entry.njk', amend: 'intelligence/views/amend.njk' },
    details: intelligenceInput,
    load: getEntry,
    detailsOf: (e) => ({ body: e.body, handling: e.handling }),
    save: (tx, id, version, d) => updateEntry(tx, id, version, d),
    shown: shownEntryValue,
    apiItem: intelligenceItemApi,
    toApi: (e) => ({
      id: e.id,
      body: e.body,
      handling: e.handling,
      author: e.author,
      createdAt: e.createdAt.toISOString(),
      version: e.version,
      withdrawn: withdrawalApiOf(e.withdrawn),
    }),
    summary: (e) => [
      { key: { text: 'Recorded' }, value: { text: `${formatDateTime(e.createdAt)} by ${e.author}` } },
      { key: { text: 'Handling' }, value: { text: HANDLING_LABELS[e.handling] } },
      { key: { text: 'Intelligence' }, value: { text: e.body } },
    ],
    consequence:
      'It will leave the police intelligence. It stays on its own page, marked as withdrawn, with your reason, for police officers on the case.',
  });
}
