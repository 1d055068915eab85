import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { caseIdOf, optionalUuidParam } from '../../platform/case-context.js';
import { registerWithdrawal, standingRecord, withdrawRecord } from '../../platform/corrections/index.js';
import { NotFound } from '../../platform/errors.js';
import { formatDate } from '../../platform/views/format.js';
import { scoresOf } from './repository.js';
import { STAGES } from './rules.js';

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
