import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { caseIdOf, optionalUuidParam } from '../../platform/case-context.js';
import { registerWithdrawal, standingRecord, withdrawRecord } from '../../platform/corrections/index.js';
import { NotFound } from '../../platform/errors.js';
import { formatDate } from '../../platform/views/format.js';
import { listCharges, listNewOffences, listOutcomes } from './repository.js';
import { CLASSIFICATION_TEXT, EVENT_TEXT, OUTCOME_TEXT, type Classification } from './schemas.js';

const target = (request: FastifyRequest) => ({
  caseId: caseIdOf(request),
  id: optionalUuidParam(request, 'recordId') ?? '',
});
const params = z.object({ id: z.string(), recordId: z.string() });

const NEW_OFFENCE = { table: 'new_offence', compartment: 'core', what: 'new offence' } as const;
const OUTCOME = { table: 'court_outcome', compartment: 'core', what: 'court outcome' } as const;
const CHARGE = { table: 'court_charge', compartment: 'core', what: 'charge' } as const;

/**
 * Withdrawing new offending, court outcomes and charges entered in error (issue 11): each from its
 * list, through the confirmation page with a reason, or the API. A withdrawn one leaves the list,
 * the timeline, the overview's summary, the re-offending outcome and the evaluation; a withdrawn
 * charge takes its outcomes with it.
 */
export function registerOffendingWithdrawals(app: FastifyInstance): void {
  registerWithdrawal(app, {
    recordPath: '/cases/:id/new-offending/:recordId',
    apiPath: '/api/v1/cases/:id/new-offending/:recordId',
    apiParams: params,
    tag: 'offending',
    what: NEW_OFFENCE.what,
    recordType: NEW_OFFENCE.table,
    caseTab: 'new-offending',
    consequence:
      'It will no longer count as new offending: it leaves the list, the timeline, the case’s re-offending outcome and the evaluation. It stays listed as withdrawn, with your reason.',
    target,
    confirm: async (tx, user, t) => {
      const h = await standingRecord(tx, user, { ...NEW_OFFENCE, ...t }, 'withdraw a new offence');
      const o = (await listNewOffences(tx, t.caseId)).find((r) => r.id === t.id);
      if (!o) throw new NotFound();
      return {
        h,
        summary: [
          {
            key: { text: 'What happened' },
            value: {
              text: `${EVENT_TEXT[o.event_kind as keyof typeof EVENT_TEXT]}: ${CLASSIFICATION_TEXT[o.classification as Classification]}`,
            },
          },
          { key: { text: 'Date of the offence' }, value: { text: formatDate(o.offence_on) } },
          { key: { text: 'Recorded by' }, value: { text: o.recorded_by } },
        ],
      };
    },
    withdraw: (tx, user, actor, t, reason, channel) =>
      withdrawRecord(tx, user, actor, { ...NEW_OFFENCE, ...t }, reason, channel),
    back: (t) => `/cases/${t.caseId}/new-offending`,
    done: (t) => `/cases/${t.caseId}/new-offending`,
  });

  registerWithdrawal(app, {
    recordPath: '/cases/:id/court-outcomes/:recordId',
    apiPath: '/api/v1/cases/:id/court-outcomes/:recordId',
    apiParams: params,
    tag: 'offending',
    what: OUTCOME.what,
    recordType: OUTCOME.table,
    caseTab: 'court-outcomes',
    consequence:
      'It will no longer stand as the charge’s outcome: it leaves the outcomes, the charge, the timeline and the case’s convictions. It stays listed as withdrawn, with your reason.',
    target,
    confirm: async (tx, user, t) => {
      const h = await standingRecord(tx, user, { ...OUTCOME, ...t }, 'withdraw a court outcome');
      const o = (await listOutcomes(tx, t.caseId)).find((r) => r.id === t.id);
      if (!o) throw new NotFound();
      return {
        h,
        summary: [
          { key: { text: 'Charge' }, value: { text: o.charge_wording } },
          {
            key: { text: 'Outcome' },
            value: { text: OUTCOME_TEXT[o.outcome as keyof typeof OUTCOME_TEXT] ?? o.outcome },
          },
          { key: { text: 'Date' }, value: { text: formatDate(o.outcome_on) } },
          { key: { text: 'Recorded by' }, value: { text: o.recorded_by } },
        ],
      };
    },
    withdraw: (tx, user, actor, t, reason, channel) =>
      withdrawRecord(tx, user, actor, { ...OUTCOME, ...t }, reason, channel),
    back: (t) => `/cases/${t.caseId}/court-outcomes`,
    done: (t) => `/cases/${t.caseId}/court-outcomes`,
  });

  registerWithdrawal(app, {
    recordPath: '/cases/:id/charges/:recordId',
    apiPath: '/api/v1/cases/:id/charges/:recordId',
    apiParams: params,
    tag: 'offending',
    what: CHARGE.what,
    recordType: CHARGE.table,
    caseTab: 'charges',
    consequence:
      'It will no longer stand as a charge: it leaves the charges, the timeline and the case’s convictions, and its court outcomes go with it. It stays listed as withdrawn, with your reason.',
    target,
    confirm: async (tx, user, t) => {
      const h = await standingRecord(tx, user, { ...CHARGE, ...t }, 'withdraw a charge');
      const c = (await listCharges(tx, t.caseId)).find((r) => r.id === t.id);
      if (!c) throw new NotFound();
      const outcome = c.outcomes.at(-1);
      return {
        h,
        summary: [
          { key: { text: 'Charge' }, value: { text: c.wording } },
          {
            key: { text: 'Kind of offence' },
            value: { text: CLASSIFICATION_TEXT[c.classification as Classification] },
          },
          { key: { text: 'Date of the charge' }, value: { text: formatDate(c.charged_on) } },
          {
            key: { text: 'Outcome' },
            value: {
              text: outcome
                ? `${OUTCOME_TEXT[outcome.outcome as keyof typeof OUTCOME_TEXT] ?? outcome.outcome}, ${formatDate(outcome.outcome_on)}`
                : 'No outcome yet',
            },
          },
          { key: { text: 'Recorded by' }, value: { text: c.recorded_by } },
        ],
      };
    },
    withdraw: (tx, user, actor, t, reason, channel) =>
      withdrawRecord(tx, user, actor, { ...CHARGE, ...t }, reason, channel),
    back: (t) => `/cases/${t.caseId}/charges`,
    done: (t) => `/cases/${t.caseId}/charges`,
  });
}
