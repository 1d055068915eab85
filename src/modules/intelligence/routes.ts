import type { FastifyPluginAsync } from 'fastify';
import { registerCaseRecords } from '../../platform/case-records.js';
import { registerEntryCorrections } from './corrections.js';
import { insertIntelligence, listIntelligence, listWithdrawnIntelligence } from './repository.js';
import { HANDLING, HANDLING_LABELS, intelligenceApi, intelligenceInput } from './schemas.js';

/**
 * Police intelligence: not for wider sharing, seen only by police on the case. The list shows the
 * entries standing; each has its own page with its corrections, and an entry withdrawn as entered
 * in error is reached from the list's count of them (issue 11).
 */
export const intelligenceRoutes: FastifyPluginAsync = async (app) => {
  registerCaseRecords(app, {
    slug: 'intelligence',
    compartment: 'police_intelligence',
    recordType: 'police_intelligence',
    title: 'Police intelligence',
    template: 'intelligence/views/intelligence.njk',
    writeVerb: 'add police intelligence',
    input: intelligenceInput,
    apiItem: intelligenceApi,
    list: (tx, caseId) => listIntelligence(tx, caseId),
    insert: (tx, caseId, user, input) => insertIntelligence(tx, caseId, user.id, input.body, input.handling),
    toApi: (r) => ({
      id: r.id,
      body: r.body,
      handling: r.handling as (typeof HANDLING)[number],
      author: r.author,
      createdAt: r.created_at.toISOString(),
      version: r.version,
    }),
    pageExtras: async (tx, caseId) => ({
      withdrawnEntries: await listWithdrawnIntelligence(tx, caseId),
      handlingLabels: HANDLING_LABELS,
    }),
  });
  registerEntryCorrections(app);
};
