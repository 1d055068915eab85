import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SessionUser } from '../../platform/auth/sessions.js';
import {
  authorOnly,
  plainValue,
  registerCorrectableRecord,
  withdrawalApiOf,
  withdrawnApi,
  type AmendableKind,
} from '../../platform/corrections/index.js';
import { formatDateTime } from '../../platform/views/format.js';
import { getNote, updateNote, type NoteRow } from './repository.js';
import { clinicalNoteInput } from './schemas.js';

/** A clinical note's amendable details: its text. */
export type NoteDetails = { body: string };

/** The clinical note as a record kind that can be corrected and withdrawn (migration 033). */
export const CLINICAL_NOTE: AmendableKind<NoteDetails> = {
  table: 'clinical_note',
  compartment: 'clinical',
  what: 'clinical note',
  amendments: 'clinical_note_amendment',
  labels: { body: 'Note' },
  field: 'body',
};

/**
 * Who may correct a clinical note: its author only (`authorOnly`: a colleague adds a note of their
 * own); any clinician who writes the clinical compartment of the case may withdraw it as entered in
 * error. Returns why not, or null.
 */
export const mayCorrectNote = (user: Pick<SessionUser, 'id'>, note: Pick<NoteRow, 'authorId' | 'author'>) =>
  authorOnly(user, note, 'note');

export const clinicalNoteItemApi = z.object({
  id: z.string().uuid(),
  body: z.string(),
  author: z.string(),
  createdAt: z.string().datetime(),
  version: z.number().int(),
  withdrawn: withdrawnApi,
});

/** A clinical note's own page, its correction and withdrawal, and the same through the API. */
export function registerNoteCorrections(app: FastifyInstance): void {
  registerCorrectableRecord<NoteDetails, NoteRow, z.infer<typeof clinicalNoteItemApi>>(app, {
    kind: CLINICAL_NOTE,
    slug: 'clinical',
    param: 'noteId',
    tag: 'clinical',
    templates: { record: 'clinical/views/note.njk', amend: 'clinical/views/amend.njk' },
    details: clinicalNoteInput,
    load: getNote,
    detailsOf: (n) => ({ body: n.body }),
    save: (tx, id, version, d) => updateNote(tx, id, version, d.body),
    shown: (_field, v) => plainValue(v),
    apiItem: clinicalNoteItemApi,
    toApi: (n) => ({
      id: n.id,
      body: n.body,
      author: n.author,
      createdAt: n.createdAt.toISOString(),
      version: n.version,
      withdrawn: withdrawalApiOf(n.withdrawn),
    }),
    mayAmend: mayCorrectNote,
    summary: (n) => [
      { key: { text: 'Written' }, value: { text: `${formatDateTime(n.createdAt)} by ${n.author}` } },
      { key: { text: 'Note' }, value: { text: n.body } },
    ],
    consequence:
      'It will leave the clinical notes. It stays on its own page, marked as withdrawn, with your reason, for the health team on the case.',
  });
}
