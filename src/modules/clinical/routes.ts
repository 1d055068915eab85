import type { FastifyPluginAsync } from 'fastify';
import { registerCaseRecords } from '../../platform/case-records.js';
import { registerNoteCorrections } from './corrections.js';
import { insertNote, listNotes, listWithdrawnNotes } from './repository.js';
import { clinicalNoteApi, clinicalNoteInput } from './schemas.js';

/**
 * Clinical notes: the health team's own record, in the clinical compartment. The list shows the
 * notes standing; each note has its own page with its corrections, and a note withdrawn as entered
 * in error is reached from the list's count of them (issue 11).
 */
export const clinicalRoutes: FastifyPluginAsync = async (app) => {
  registerCaseRecords(app, {
    slug: 'clinical',
    compartment: 'clinical',
    recordType: 'clinical_note',
    title: 'Clinical notes',
    template: 'clinical/views/notes.njk',
    writeVerb: 'add a clinical note',
    input: clinicalNoteInput,
    apiItem: clinicalNoteApi,
    list: (tx, caseId) => listNotes(tx, caseId),
    insert: (tx, caseId, user, input) => insertNote(tx, caseId, user.id, input.body),
    toApi: (r) => ({
      id: r.id,
      body: r.body,
      author: r.author,
      createdAt: r.created_at.toISOString(),
      version: r.version,
    }),
    pageExtras: async (tx, caseId) => ({ withdrawnNotes: await listWithdrawnNotes(tx, caseId) }),
  });
  registerNoteCorrections(app);
};
