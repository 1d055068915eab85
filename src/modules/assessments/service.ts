import { actionsFromPlan } from '../actions/public.js';
import { notify, type NewNotification } from '../notifications/public.js';
import { requireWrite } from '../../platform/access/case-access.js';
import { Conflict, Invalid, NotFound } from '../../platform/errors.js';
import type { Answers, Definition, Rating, Section } from '../instruments/definition.js';
import { computeBand } from '../instruments/scoring.js';
import {
  answersProblems,
  cleanPlan,
  completionProblems,
  effectiveBand,
  isRating,
  ratingsProblems,
  recommendsFullAssessment,
  todayInLondon,
  type AssessmentState,
  type DraftRating,
  type PlanAction,
  type Problem,
} from './completion.js';
import * as repo from './repository.js';
import { present, TIER_NAMES } from './present.js';
import { audit, riskAccess, type Ctx } from './access.js';
import { AssessmentLocked, refuseInstrument, StaleAssessment } from './errors.js';

export { answerText, type AssessmentView } from './present.js';
export { AssessmentLocked, CompletionRefused, StaleAssessment } from './errors.js';

// ---------------------------------------------------------------------------------------------
// listing and starting

export async function listForCase(ctx: Ctx, caseId: string, channel: 'page' | 'api') {
  const h = await riskAccess(ctx, caseId);
  const rows = await repo.listAssessments(ctx.tx, caseId);
  await audit(ctx, h.access, 'list', undefined, { count: rows.length, channel });
  return { h, rows, canWrite: h.access.levels.risk === 'write' };
}

/** The instruments this user may start an assessment with on this case (police: screening only). */
export async function startChoices(ctx: Ctx, caseId: string) {
  const h = await riskAccess(ctx, caseId);
  requireWrite(h.access, 'risk', 'start a risk assessment on this case');
  const instruments = (await repo.currentInstruments(ctx.tx)).filter((i) => i.mayAssess);
  await audit(ctx, h.access, 'start_page', undefined, { instruments: instruments.length });
  return {
    h,
    instruments: instruments.map((i) => ({
      id: i.id,
      name: i.name,
      tier: i.tier,
      tierName: TIER_NAMES[i.tier],
      version: i.version,
      isTemplate: i.isTemplate,
    })),
  };
}

export async function startAssessment(
  ctx: Ctx,
  caseId: string,
  input: { instrumentVersionId: string | undefined; coAssessor: string },
): Promise<string> {
  const h = await riskAccess(ctx, caseId);
  requireWrite(h.access, 'risk', 'start a risk assessment on this case');
  const instrument = input.instrumentVersionId
    ? await repo.instrumentVersion(ctx.tx, input.instrumentVersionId)
    : undefined;
  if (!instrument || instrument.supersededAt)
    throw new Invalid('Choose an instrument', [
      { field: 'instrumentVersionId', message: 'Select the instrument to assess with' },
    ]);
  if (!instrument.mayAssess) refuseInstrument(instrument.name);
  const id = await repo.insertAssessment(ctx.tx, {
    caseId,
    instrumentVersionId: instrument.id,
    assessorId: ctx.user.id,
    coAssessor: input.coAssessor.trim(),
  });
  await audit(ctx, h.access, 'created', id, { instrument: instrument.code, version: instrument.version });
  return id;
}

// ---------------------------------------------------------------------------------------------
// one assessment

async function load(ctx: Ctx, caseId: string, id: string) {
  const h = await riskAccess(ctx, caseId);
  const row = await repo.findAssessment(ctx.tx, caseId, id);
  if (!row) throw new NotFound();
  const instrument = await repo.instrumentVersion(ctx.tx, row.instrument_version_id);
  if (!instrument) throw new NotFound();
  const stored = repo.splitStored(row.answers as Record<string, unknown>);
  let ratings = stored.ratings;
  const ratingNames = new Map<string, string>();
  if (row.status === 'completed') {
    const rows = await repo.listRatings(ctx.tx, id);
    ratings = Object.fromEntries(rows.map((r) => [r.domain, { rating: r.rating, rationale: r.rationale }]));
    for (const r of rows) ratingNames.set(r.domain, r.rated_by);
  } else {
    const names = await repo.userNames(ctx.tx, [
      ...new Set(Object.values(ratings).flatMap((r) => (r.ratedBy ? [r.ratedBy] : []))),
    ]);
    for (const [domain, r] of Object.entries(ratings))
      if (r.ratedBy) ratingNames.set(domain, names.get(r.ratedBy) ?? '');
  }
  const state: AssessmentState = {
    answers: stored.answers,
    ratings,
    typology: row.typology,
    overrideBand: isRating(row.override_band) ? row.override_band : null,
    overrideReason: row.override_reason,
    planActions: (row.plan_actions ?? []) as PlanAction[],
    nextReviewDate: row.next_review_date,
  };
  return { h, row, instrument, state, ratingNames };
}

export type Loaded = Awaited<ReturnType<typeof load>>;

async function requireEditable(ctx: Ctx, caseId: string, id: string, version: number | null) {
  const l = await load(ctx, caseId, id);
  requireWrite(l.h.access, 'risk', 'change this risk assessment');
  if (!l.instrument.mayAssess) refuseInstrument(l.instrument.name);
  if (l.row.status !== 'draft') throw new AssessmentLocked();
  if (version !== null && l.row.version !== version) throw new StaleAssessment(l.row.version);
  return l;
}

export async function viewAssessment(ctx: Ctx, caseId: string, id: string, channel: 'page' | 'api') {
  const l = await load(ctx, caseId, id);
  const addenda = await repo.listAddenda(ctx.tx, id);
  await audit(ctx, l.h.access, 'view', id, { channel, status: l.row.status });
  return { h: l.h, view: present(l), addenda, definition: l.instrument.definition };
}

export async function viewSection(ctx: Ctx, caseId: string, id: string, sectionId: string) {
  const l = await load(ctx, caseId, id);
  const section = l.instrument.definition.sections.find((s) => s.id === sectionId);
  if (!section) throw new NotFound();
  await audit(ctx, l.h.access, 'section_view', id, { section: sectionId });
  return { h: l.h, view: present(l), section };
}

export async function viewSummary(ctx: Ctx, caseId: string, id: string) {
  const l = await load(ctx, caseId, id);
  await audit(ctx, l.h.access, 'summary_view', id);
  return { h: l.h, view: present(l), definition: l.instrument.definition };
}

/** The instrument definition of an assessment, for reading a form before a change (the change is audited). */
export async function definitionFor(ctx: Ctx, caseId: string, id: string): Promise<Definition> {
  return (await load(ctx, caseId, id)).instrument.definition;
}

/** Stamps who rated a domain when its rating or rationale changes. */
function withRater(before: DraftRating | undefined, after: DraftRating, userId: string): DraftRating {
  const changed = before?.rating !== after.rating || before?.rationale !== after.rationale;
  return {
    rating: after.rating,
    rationale: after.rationale,
    ratedBy: changed ? userId : (before?.ratedBy ?? userId),
  };
}

/** Saves one section of a draft: its answers in full (unanswered items cleared) and its rating. */
export async function saveSection(
  ctx: Ctx,
  caseId: string,
  id: string,
  section: Section,
  input: {
    answers: Record<string, boolean | number | string | null>;
    rating: DraftRating | null;
    version: number;
  },
) {
  const l = await requireEditable(ctx, caseId, id, input.version);
  const answers: Answers = { ...l.state.answers };
  for (const item of section.items) {
    const v = input.answers[item.id];
    if (v === null || v === undefined) delete answers[item.id];
    else answers[item.id] = v;
  }
  const ratings = { ...l.state.ratings };
  if (section.rated && input.rating) {
    if (!input.rating.rating && !input.rating.rationale) delete ratings[section.id];
    else ratings[section.id] = withRater(ratings[section.id], input.rating, ctx.user.id);
  }
  if (!(await repo.updateDraft(ctx.tx, id, input.version, l.state, { answers, ratings })))
    throw new StaleAssessment(l.row.version);
  await audit(ctx, l.h.access, 'answers_saved', id, { section: section.id });
}

/** The API's save: answers merged in (null clears one), ratings per domain replaced. */
export async function saveAnswers(
  ctx: Ctx,
  caseId: string,
  id: string,
  input: {
    answers: Record<string, unknown>;
    ratings?: Record<string, { rating?: string | undefined; rationale?: string | undefined }> | undefined;
    version: number;
  },
) {
  const l = await requireEditable(ctx, caseId, id, input.version);
  const def = l.instrument.definition;
  const problems = [
    ...answersProblems(def, input.answers),
    ...ratingsProblems(def, (input.ratings ?? {}) as Record<string, DraftRating>),
  ];
  if (problems.length)
    throw new Invalid(
      'The answers are not valid',
      problems.map(({ field, message }) => ({ field, message })),
      { detail: 'Correct the fields listed.' },
    );
  const answers: Answers = { ...l.state.answers };
  for (const [k, v] of Object.entries(input.answers)) {
    if (v === null || v === '') delete answers[k];
    else answers[k] = v as Answers[string];
  }
  const ratings = { ...l.state.ratings };
  for (const [domain, r] of Object.entries(input.ratings ?? {})) {
    const rating = isRating(r.rating) ? r.rating : undefined;
    const rationale = r.rationale?.trim() || undefined;
    if (!rating && !rationale) delete ratings[domain];
    else ratings[domain] = withRater(ratings[domain], { rating, rationale }, ctx.user.id);
  }
  if (!(await repo.updateDraft(ctx.tx, id, input.version, l.state, { answers, ratings })))
    throw new StaleAssessment(l.row.version);
  await audit(ctx, l.h.access, 'answers_saved', id, {
    channel: 'api',
    answers: Object.keys(input.answers).length,
  });
  return input.version + 1;
}

export type SummaryInput = {
  coAssessor?: string | undefined;
  typology: string | null;
  overrideBand: Rating | null;
  overrideReason: string | null;
  planActions: PlanAction[];
  nextReviewDate: string | null;
};

export async function saveSummary(
  ctx: Ctx,
  caseId: string,
  id: string,
  input: SummaryInput & { version: number },
) {
  const l = await requireEditable(ctx, caseId, id, input.version);
  const ok = await repo.updateDraft(ctx.tx, id, input.version, l.state, {
    ...(input.coAssessor !== undefined ? { coAssessor: input.coAssessor.trim() } : {}),
    typology: input.typology,
    overrideBand: input.overrideBand,
    overrideReason: input.overrideReason,
    planActions: cleanPlan(input.planActions),
    nextReviewDate: input.nextReviewDate,
  });
  if (!ok) throw new StaleAssessment(l.row.version);
  await audit(ctx, l.h.access, 'summary_saved', id);
}

/**
 * Completes a draft: every problem at once, or (all well) the computed band recorded, the ratings
 * written, the assessment locked, and the case team alerted in the same transaction. `summary`
 * (from the API) replaces the stored summary fields for the check and the write; on problems
 * nothing is written and the problems are returned.
 */
export async function completeAssessment(
  ctx: Ctx,
  caseId: string,
  id: string,
  input: { version: number; summary?: SummaryInput },
): Promise<
  | { ok: true; fullAssessmentRecommended: boolean; raised: string[] }
  | { ok: false; problems: Problem[]; definition: Definition }
> {
  const l = await requireEditable(ctx, caseId, id, input.version);
  const def = l.instrument.definition;
  const state: AssessmentState = input.summary
    ? {
        ...l.state,
        typology: input.summary.typology,
        overrideBand: input.summary.overrideBand,
        overrideReason: input.summary.overrideReason,
        planActions: input.summary.planActions,
        nextReviewDate: input.summary.nextReviewDate,
      }
    : l.state;
  const problems = completionProblems(def, state, todayInLondon());
  if (problems.length) {
    await audit(ctx, l.h.access, 'completion_refused', id, { problems: problems.length });
    return { ok: false, problems, definition: def };
  }
  const band = computeBand(def, state.answers).band;
  const ratings = def.sections
    .filter((s) => s.rated)
    .map((s) => {
      const r = state.ratings[s.id]!;
      return {
        domain: s.id,
        rating: r.rating!,
        rationale: r.rationale!.trim(),
        ratedBy: r.ratedBy ?? ctx.user.id,
      };
    });
  const ok = await repo.completeAssessment(
    ctx.tx,
    { id, caseId, version: input.version, completedBy: ctx.user.id },
    {
      answers: state.answers,
      ratings,
      typology: def.typologies.length ? state.typology : null,
      computedBand: band,
      overrideBand: state.overrideBand,
      overrideReason: state.overrideBand ? (state.overrideReason ?? '').trim() : null,
      planActions: cleanPlan(state.planActions),
      nextReviewDate: state.nextReviewDate!,
    },
  );
  if (!ok) throw new StaleAssessment(l.row.version);

  // escalation: the whole case team hears of it, in this transaction
  const team = await repo.teamMemberIds(ctx.tx, caseId);
  const reference = l.h.case.reference;
  const effective = effectiveBand(band, state.overrideBand);
  const recommended = recommendsFullAssessment(l.instrument.tier, effective);
  const notes: NewNotification[] = [];
  if (recommended) {
    for (const userId of team)
      notes.push({
        userId,
        caseId,
        kind: 'full_assessment_recommended',
        message: `Case ${reference}: the ${l.instrument.name} screening shows ${effective} concern. A full assessment is recommended.`,
        link: `/cases/${caseId}/risk`,
      });
  }
  const previous = await repo.previousDomainRatings(ctx.tx, caseId, l.row.instrument_id, id);
  const raised = ratings.filter((r) => r.rating === 'high' && previous.get(r.domain) !== 'high');
  for (const r of raised) {
    const title = def.sections.find((s) => s.id === r.domain)?.title ?? r.domain;
    for (const userId of team)
      notes.push({
        userId,
        caseId,
        kind: 'domain_raised_to_high',
        message: `Case ${reference}: ${title} was rated high in the ${l.instrument.name} assessment completed by ${ctx.user.displayName}.`,
        link: `/cases/${caseId}/assessments/${id}`,
      });
  }
  await notify(ctx.tx, notes);
  // the plan's rows that name a person (or agency) who may own an action become actions, due by
  // the next review; only for one who may change the case (an action is core)
  const actionsMade =
    l.h.access.levels.core === 'write'
      ? await actionsFromPlan(
          ctx.tx,
          ctx.user,
          ctx.actor,
          { caseId, reference },
          cleanPlan(state.planActions),
          state.nextReviewDate!,
          { kind: 'risk_assessment', id },
          'page',
        )
      : 0;
  await audit(ctx, l.h.access, 'completed', id, {
    band: effective,
    overridden: state.overrideBand !== null,
    fullAssessmentRecommended: recommended,
    domainsRaised: raised.length,
    notified: notes.length,
    actionsMade,
  });
  return { ok: true, fullAssessmentRecommended: recommended, raised: raised.map((r) => r.domain) };
}

export async function addAddendum(ctx: Ctx, caseId: string, id: string, body: string): Promise<string> {
  const l = await load(ctx, caseId, id);
  requireWrite(l.h.access, 'risk', 'add to this risk assessment');
  if (l.row.status !== 'completed')
    throw new Conflict(
      'The assessment is still a draft',
      'Change the draft itself: addenda are for completed assessments.',
    );
  const text = body.replace(/\r\n/g, '\n').trim();
  if (!text) throw new Invalid('The addendum is empty', [{ field: 'body', message: 'Enter the addendum' }]);
  if (text.length > 20_000)
    throw new Invalid('The addendum is too long', [
      { field: 'body', message: 'The addendum must be 20,000 characters or fewer' },
    ]);
  const addendumId = await repo.insertAddendum(ctx.tx, {
    assessmentId: id,
    caseId,
    body: text,
    authorId: ctx.user.id,
  });
  await audit(ctx, l.h.access, 'addendum_added', id, { addendum: addendumId });
  return addendumId;
}

/** The answers as the instrument's FHIR QuestionnaireResponse would carry them, with no draft ratings. */
export async function loadForExport(ctx: Ctx, caseId: string, id: string) {
  const l = await load(ctx, caseId, id);
  await audit(ctx, l.h.access, 'export', id, { format: 'fhir' });
  return { h: l.h, row: l.row, instrument: l.instrument, answers: l.state.answers, view: present(l) };
}
