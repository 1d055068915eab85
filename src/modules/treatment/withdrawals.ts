import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { caseIdOf, optionalUuidParam } from '../../platform/case-context.js';
import { registerWithdrawal, standingRecord, withdrawRecord } from '../../platform/corrections/index.js';
import { NotFound } from '../../platform/errors.js';
import { formatDate, formatDateTime } from '../../platform/views/format.js';
import { dischargeToWithdraw, withdrawDischarge } from './discharge.js';
import { agreementsOf, scoresOf } from './repository.js';
import { STAGES, UNPLANNED_REASONS, type UnplannedReason } from './rules.js';

const target = (request: FastifyRequest) => ({
  caseId: caseIdOf(request),
  id: optionalUuidParam(request, 'scoreId') ?? '',
});

/** An outcome measure score is clinical: the health team on the case reads and writes it. */
const SCORE = {
  table: 'outcome_measure_score',
  compartment: 'clinical',
  what: 'outcome measure score',
} as const;

/**
 * Withdrawing an outcome measure score entered in error (issue 11): from the outcome measures,
 * through the confirmation page with a reason, or the API. A withdrawn score leaves the measure's
 * scores and its reliable change, and the evaluation's psychological change and extract, and
 * stays listed as withdrawn for the health team.
 */
export function registerScoreWithdrawal(app: FastifyInstance): void {
  registerWithdrawal(app, {
    recordPath: '/cases/:id/outcome-measures/:scoreId',
    apiPath: '/api/v1/cases/:id/outcome-measures/:scoreId',
    apiParams: z.object({ id: z.string(), scoreId: z.string() }),
    tag: 'intervention',
    what: SCORE.what,
    recordType: SCORE.table,
    caseTab: 'outcome-measures',
    consequence:
      'It will no longer count as a score: it leaves the measure’s scores, the change measured from the baseline and the evaluation. It stays listed as withdrawn, with your reason, for the health team on the case.',
    target,
    confirm: async (tx, user, t) => {
      const h = await standingRecord(tx, user, { ...SCORE, ...t }, 'withdraw an outcome measure score');
      const s = (await scoresOf(tx, t.caseId)).find((r) => r.id === t.id);
      if (!s) throw new NotFound();
      return {
        h,
        summary: [
          { key: { text: 'Measure' }, value: { text: s.name } },
          { key: { text: 'Stage' }, value: { text: STAGES[s.stage] } },
          { key: { text: 'Date taken' }, value: { text: formatDate(s.administered_on) } },
          { key: { text: 'Score' }, value: { text: String(s.score) } },
          { key: { text: 'Recorded by' }, value: { text: s.author } },
        ],
      };
    },
    withdraw: (tx, user, actor, t, reason, channel) =>
      withdrawRecord(tx, user, actor, { ...SCORE, ...t }, reason, channel),
    back: (t) => `/cases/${t.caseId}/outcome-measures`,
    done: (t) => `/cases/${t.caseId}/outcome-measures`,
  });
}

/**
 * Withdrawing the discharge recorded in error (issue 11): from the discharge page, through the
 * confirmation page with a reason, or the API (the case's standing discharge: there is at most
 * one). By whoever may record a discharge, while the case is not closed. It is then no longer the
 * case's discharge, so the right one can be recorded; it stays listed as withdrawn.
 */
export function registerDischargeWithdrawal(app: FastifyInstance): void {
  registerWithdrawal(app, {
    recordPath: '/cases/:id/discharge',
    apiPath: '/api/v1/cases/:id/discharge',
    apiParams: z.object({ id: z.string() }),
    tag: 'intervention',
    what: 'discharge',
    recordType: 'discharge',
    caseTab: 'discharge',
    consequence:
      'It will no longer be the case’s discharge: it leaves the discharge page, the timeline, the letter and the evaluation, and the agencies’ agreements to close go with it. It stays listed as withdrawn, with your reason (and its summary, for the health team). The right discharge can then be recorded. A closed case’s discharge cannot be withdrawn.',
    target: (request) => ({ caseId: caseIdOf(request) }),
    confirm: async (tx, user, t) => {
      const { h, discharge: d } = await dischargeToWithdraw(tx, user, t.caseId);
      const agreed = (await agreementsOf(tx, d.id)).length;
      return {
        h,
        // the path names the case, not the discharge
        recordId: d.id,
        summary: [
          {
            key: { text: 'Discharge' },
            value: {
              text:
                d.kind === 'planned'
                  ? 'Planned'
                  : `Unplanned: ${(UNPLANNED_REASONS[d.unplanned_reason as UnplannedReason] ?? '').toLowerCase()}`,
            },
          },
          { key: { text: 'Date of discharge' }, value: { text: formatDate(d.discharged_on) } },
          { key: { text: 'Reason' }, value: { text: d.reason } },
          {
            key: { text: 'Recorded' },
            value: { text: `${formatDateTime(d.created_at)} by ${d.recorded_by}` },
          },
          {
            key: { text: 'Agreements to close' },
            value: { text: agreed ? `${agreed} ${agreed === 1 ? 'agency' : 'agencies'} agreed` : 'None yet' },
          },
        ],
      };
    },
    withdraw: (tx, user, actor, t, reason, channel) =>
      withdrawDischarge(tx, user, actor, t.caseId, reason, channel),
    back: (t) => `/cases/${t.caseId}/discharge`,
    done: (t) => `/cases/${t.caseId}/discharge?saved=withdrawn`,
  });
}
