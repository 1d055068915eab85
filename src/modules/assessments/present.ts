import { formatDate } from '../../platform/views/format.js';
import type { Answers, Definition, Item, Rating } from '../instruments/definition.js';
import { computeBand } from '../instruments/scoring.js';
import {
  effectiveBand,
  isRating,
  recommendsFullAssessment,
  sectionStatus,
  type SectionStatus,
} from './completion.js';
import type { Loaded } from './service.js';

/* What an assessment page and the API show of a loaded assessment. */

export const TIER_NAMES = { screening: 'Screening', spj: 'Structured professional judgement' } as const;

/** Whether this user may change this assessment now: a draft, risk write, an instrument they may use. */
export function mayEdit(l: Loaded): boolean {
  return l.row.status === 'draft' && l.h.access.levels.risk === 'write' && l.instrument.mayAssess;
}

export function answerText(item: Item, value: Answers[string] | undefined): string {
  if (value === undefined || value === null || value === '') return '';
  switch (item.type) {
    case 'yes_no':
      return value === true ? 'Yes' : value === false ? 'No' : String(value);
    case 'scale': {
      const label = item.labels?.[String(value)];
      return label ? `${String(value)} (${label})` : String(value);
    }
    case 'choice':
      return item.options.find((o) => o.value === value)?.label ?? String(value);
    case 'date':
      return formatDate(value);
    case 'text':
      return String(value);
  }
}

const STATUS_TEXT: Record<SectionStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  completed: 'Completed',
};

/** Everything the pages and the API show of an assessment. */
export function present(l: Loaded) {
  const def: Definition = l.instrument.definition;
  const { row, state } = l;
  const computed = computeBand(def, state.answers);
  const computedBand: Rating | null =
    row.status === 'completed' ? (isRating(row.computed_band) ? row.computed_band : null) : computed.band;
  const effective = effectiveBand(computedBand, state.overrideBand);
  return {
    id: row.id,
    caseId: row.case_id,
    status: row.status,
    version: row.version,
    instrument: {
      versionId: l.instrument.id,
      code: l.instrument.code,
      name: l.instrument.name,
      tier: l.instrument.tier,
      tierName: TIER_NAMES[l.instrument.tier],
      version: l.instrument.version,
      isTemplate: l.instrument.isTemplate,
    },
    assessor: row.assessor,
    coAssessor: row.co_assessor,
    startedAt: row.started_at as Date,
    updatedAt: row.updated_at as Date,
    completedAt: row.completed_at as Date | null,
    completedBy: row.completed_by,
    answers: state.answers,
    sections: def.sections.map((s) => {
      const r = state.ratings[s.id];
      const status = sectionStatus(s, state);
      return {
        id: s.id,
        title: s.title,
        rated: s.rated,
        status,
        statusText: STATUS_TEXT[status],
        items: s.items.map((i) => ({
          id: i.id,
          prompt: i.prompt,
          required: i.required,
          answer: state.answers[i.id] ?? null,
          answerText: answerText(i, state.answers[i.id]),
        })),
        rating: r?.rating ?? null,
        rationale: r?.rationale ?? null,
        ratedBy: l.ratingNames.get(s.id) ?? null,
      };
    }),
    typologies: def.typologies,
    typology: state.typology,
    typologyLabel: def.typologies.find((t) => t.value === state.typology)?.label ?? state.typology,
    summaryRule: def.summary.kind,
    score: computed.score,
    scoreComplete: computed.complete,
    computedBand,
    overrideBand: state.overrideBand,
    overrideReason: state.overrideReason,
    effectiveBand: effective,
    fullAssessmentRecommended: recommendsFullAssessment(l.instrument.tier, effective),
    planActions: state.planActions,
    nextReviewDate: state.nextReviewDate,
    canEdit: mayEdit(l),
    canAddAddendum: row.status === 'completed' && l.h.access.levels.risk === 'write',
  };
}

export type AssessmentView = ReturnType<typeof present>;
