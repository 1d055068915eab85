import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  authorOnly,
  plainValue,
  registerCorrectableRecord,
  withdrawalApiOf,
  withdrawnApi,
  type AmendableKind,
} from '../../platform/corrections/index.js';
import { formatDateTime } from '../../platform/views/format.js';
import { getSessionNote, updateSessionNote, type SessionNoteRow } from './repository.js';

/** A session note's amendable details: its text. */
export type SessionNoteDetails = { body: string };

/**
 * A session's clinical note as a record kind that can be corrected (by its author only, as a
 * clinical note) and withdrawn as entered in error by any clinician who writes the clinical
 * compartment (migration 033); its history is clinical, like the note. The note of a session
 * withdrawn as entered in error went with it: its page stays readable, marked, and it takes no
 * more corrections nor a withdrawal of its own.
 */
export const SESSION_NOTE: AmendableKind<SessionNoteDetails> = {
  table: 'intervention_session_note',
  compartment: 'clinical',
  what: 'session note',
  amendments: 'intervention_session_note_amendment',
  labels: { body: 'Note' },
  field: 'body',
};

export const sessionNoteInput = z.strictObject({
  body: z
    .string({ error: 'Enter the note' })
    .trim()
    .min(1, 'Enter the note')
    .max(20_000, 'The note must be 20,000 characters or fewer'),
});

export const sessionNoteApi = z.object({
  id: z.string().uuid(),
  sessionId: z.string().uuid(),
  body: z.string(),
  author: z.string(),
  createdAt: z.string().datetime(),
  version: z.number().int(),
  withdrawn: withdrawnApi,
  /** its session withdrawn as entered in error: the note went with it and takes no more changes */
  sessionWithdrawn: withdrawnApi,
});

/** A session note's own page, its correction and withdrawal, and the same through the API. */
export function registerSessionNoteCorrections(app: FastifyInstance): void {
  registerCorrectableRecord<SessionNoteDetails, SessionNoteRow, z.infer<typeof sessionNoteApi>>(app, {
    kind: SESSION_NOTE,
    slug: 'session-notes',
    listSlug: 'sessions',
    param: 'noteId',
    tag: 'sessions',
    templates: { record: 'sessions/views/note.njk', amend: 'sessions/views/amend-note.njk' },
    details: sessionNoteInput,
    load: getSessionNote,
    detailsOf: (n) => ({ body: n.body }),
    save: (tx, id, version, d) => updateSessionNote(tx, id, version, d.body),
    shown: (_field, v) => plainValue(v),
    apiItem: sessionNoteApi,
    toApi: (n) => ({
      id: n.id,
      sessionId: n.sessionId,
      body: n.body,
      author: n.author,
      createdAt: n.createdAt.toISOString(),
      version: n.version,
      withdrawn: withdrawalApiOf(n.withdrawn),
      sessionWithdrawn: withdrawalApiOf(n.sessionWithdrawn),
    }),
    mayAmend: (user, n) => authorOnly(user, n, 'note'),
    // the note went with its session: readable, marked, but no longer corrected or withdrawn
    frozen: (n) => (n.sessionWithdrawn ? 'The session of this note was withdrawn as entered in error' : null),
    summary: (n) => [
      { key: { text: 'Session' }, value: { text: formatDateTime(n.sessionStartsAt) } },
      { key: { text: 'Written' }, value: { text: `${formatDateTime(n.createdAt)} by ${n.author}` } },
      { key: { text: 'Note' }, value: { text: n.body } },
    ],
    consequence:
      'It will leave the session’s clinical notes. It stays on its own page, marked as withdrawn, with your reason, for the health team on the case.',
  });
}
