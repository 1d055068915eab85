import type { FastifyPluginAsync } from 'fastify';
import { can } from '../../platform/access/policy.js';
import { registerCaseRecords } from '../../platform/case-records.js';
import { dateFromParts } from '../../platform/http/dates.js';
import { listInvestigationEvents, listWithdrawnInvestigationEvents } from './repository.js';
import { registerInvestigationWithdrawal } from './withdrawals.js';
import { NEXT_INVESTIGATION_STATUSES, type InvestigationStatus } from './rules.js';
import { investigationApi, investigationInput } from './schemas.js';
import { recordInvestigationChange } from './service.js';

/**
 * The police investigation's course on a case: under investigation → charged, convicted or no
 * further action, each a dated event with the reason. Core: the whole team reads it, because what
 * the health team may do depends on it; police, probation and the coordinator record it.
 */
export const investigationRoutes: FastifyPluginAsync = async (app) => {
  registerCaseRecords(app, {
    slug: 'investigation',
    compartment: 'core',
    recordType: 'investigation_status_event',
    title: 'Police investigation',
    template: 'investigation/views/investigation.njk',
    writeVerb: 'record a change in the police investigation',
    input: investigationInput,
    apiItem: investigationApi,
    mayWrite: (user) => can(user, 'record_investigation_status'),
    fromForm: (f) => ({
      to: f.to || undefined,
      effectiveOn: dateFromParts(f, 'effectiveOn'),
      reason: f.reason,
      version: f.version,
    }),
    list: (tx, caseId) => listInvestigationEvents(tx, caseId),
    insert: (tx, caseId, user, input, opened) => recordInvestigationChange(tx, opened.case, user, input),
    toApi: (r) => ({
      id: r.id,
      from: r.from_status as InvestigationStatus,
      to: r.to_status as InvestigationStatus,
      effectiveOn: r.effective_on,
      reason: r.reason,
      recordedBy: r.recorded_by,
      recordedAt: r.at.toISOString(),
    }),
    // the case as the page opened it: its status and the version the form carries
    pageExtras: async (tx, caseId, { case: c }) => {
      const current = c.investigation_status as InvestigationStatus;
      return {
        current,
        version: c.version,
        next: NEXT_INVESTIGATION_STATUSES[current],
        withdrawn: await listWithdrawnInvestigationEvents(tx, caseId),
      };
    },
  });
  registerInvestigationWithdrawal(app);
};
