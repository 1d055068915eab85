import type { FastifyPluginAsync } from 'fastify';
import { registerCaseRecords } from '../../platform/case-records.js';
import { insertNote, listNotes } from './repository.js';
import { clinicalNoteApi, clinicalNoteInput } from './schemas.js';

/** Clinical notes: the health team's own record, in the clinical compartment. */
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
    toApi: (r) => ({ id: r.id, body: r.body, author: r.author, createdAt: r.created_at.toISOString() }),
  });
};
