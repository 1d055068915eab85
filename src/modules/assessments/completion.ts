import {
  RATINGS,
  type Answers,
  type Definition,
  type Item,
  type Rating,
  type Section,
} from '../instruments/definition.js';
import { missingRequired } from '../instruments/scoring.js';
import { inRecordRange, isRealDate as isCalendarDate, todayInLondon } from '../../platform/time.js';

/**
 * The pure rules of a risk assessment: what a section form means, whether an answer fits its item,
 * and whether a draft may be completed. No database, no clock (today is passed in).
 */

/** A domain's rating while the assessment is a draft: either half may still be missing. */
export type DraftRating = {
  rating?: Rating | undefined;
  rationale?: string | undefined;
  ratedBy?: string | undefined;
};
export type PlanAction = { action: string; owner: string };

export type AssessmentState = {
  answers: Answers;
  ratings: Record<string, DraftRating>;
  typology: string | null;
  overrideBand: Rating | null;
  overrideReason: string | null;
  planActions: PlanAction[];
  nextReviewDate: string | null;
};

/** One thing in the way: `field` names it for the API, `sectionId` says which section page to fix it on. */
export type Problem = { field: string; message: string; sectionId?: string };

export const isRating = (v: unknown): v is Rating =>
  typeof v === 'string' && (RATINGS as readonly string[]).includes(v);

/** A date answer or review date: a real day on the calendar, within the record's range. */
export function isRealDate(v: string): boolean {
  return isCalendarDate(v) && inRecordRange(v);
}

export { todayInLondon };

const blank = (v: unknown): boolean =>
  v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** A short form of an item's prompt for messages. */
export function shortPrompt(item: Item): string {
  const p = item.prompt.trim().replace(/\s+/g, ' ');
  return p.length > 80 ? `${p.slice(0, 77)}…` : p;
}

function sectionOfItem(def: Definition): Map<string, { section: Section; item: Item; number: number }> {
  const out = new Map<string, { section: Section; item: Item; number: number }>();
  for (const section of def.sections)
    section.items.forEach((item, i) => out.set(item.id, { section, item, number: i + 1 }));
  return out;
}

/**
 * Whether a value is a valid answer to an item, as stored: yes/no a boolean, a scale a whole number
 * in range, a choice one of its options, text within its length, a date a real date. Returns the
 * problem in words, or null. `null` (unanswered) is always valid here; required is checked at completion.
 */
export function answerProblem(item: Item, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const q = `“${shortPrompt(item)}”`;
  switch (item.type) {
    case 'yes_no':
      return typeof value === 'boolean' ? null : `Answer ${q} with yes or no`;
    case 'scale':
      return typeof value === 'number' && Number.isInteger(value) && value >= item.min && value <= item.max
        ? null
        : `The answer to ${q} must be a whole number from ${item.min} to ${item.max}`;
    case 'choice':
      return typeof value === 'string' && item.options.some((o) => o.value === value)
        ? null
        : `Select one of the options for ${q}`;
    case 'text':
      if (typeof value !== 'string') return `The answer to ${q} must be text`;
      return value.length <= item.maxLength
        ? null
        : `The answer to ${q} must be ${item.maxLength.toLocaleString('en-GB')} characters or fewer`;
    case 'date':
      return typeof value === 'string' && isRealDate(value) ? null : `The answer to ${q} must be a real date`;
  }
}

/** Problems with a set of answers as the API sends them: unknown items and values that do not fit. */
export function answersProblems(def: Definition, answers: Record<string, unknown>): Problem[] {
  const items = sectionOfItem(def);
  const problems: Problem[] = [];
  for (const [id, value] of Object.entries(answers)) {
    const found = items.get(id);
    if (!found) {
      problems.push({ field: `answers.${id}`, message: `There is no item ${id} in this instrument` });
      continue;
    }
    const p = answerProblem(found.item, value);
    if (p) problems.push({ field: `answers.${id}`, message: p, sectionId: found.section.id });
  }
  return problems;
}

/** Problems with draft ratings as the API sends them: only rated sections, only low / moderate / high. */
export function ratingsProblems(def: Definition, ratings: Record<string, DraftRating>): Problem[] {
  const rated = new Set(def.sections.filter((s) => s.rated).map((s) => s.id));
  const problems: Problem[] = [];
  for (const [domain, r] of Object.entries(ratings)) {
    if (!rated.has(domain))
      problems.push({
        field: `ratings.${domain}`,
        message: `${domain} is not a rated domain of this instrument`,
      });
    else if (r.rating !== undefined && !isRating(r.rating))
      problems.push({
        field: `ratings.${domain}.rating`,
        message: 'A rating is low, moderate or high',
        sectionId: domain,
      });
  }
  return problems;
}

/** The field names a section's form uses for an item. */
export const itemField = (itemId: string): string => `q-${itemId}`;

export type SectionForm = {
  /** every item of the section: its answer, or null when left unanswered */
  answers: Record<string, boolean | number | string | null>;
  rating: DraftRating | null;
  /** keyed by form field (`q-<item>`, `rating`, `rationale`) */
  problems: Problem[];
};

function formString(fields: Record<string, unknown>, name: string): string {
  const v = fields[name];
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0] : '';
  return typeof v === 'string' ? v : '';
}

/**
 * Reads one section's form as a browser posts it. Partial answers are fine; a value that cannot be
 * an answer (a scale out of range, an impossible date) is a problem, and the caller keeps what was typed.
 */
export function parseSectionForm(section: Section, fields: Record<string, unknown>): SectionForm {
  const answers: SectionForm['answers'] = {};
  const problems: Problem[] = [];
  for (const item of section.items) {
    const name = itemField(item.id);
    const q = `“${shortPrompt(item)}”`;
    if (item.type === 'date') {
      const parts = ['day', 'month', 'year'].map((k) => formString(fields, `${name}-${k}`).trim());
      if (parts.every((p) => !p)) {
        answers[item.id] = null;
        continue;
      }
      const [d, m, y] = parts as [string, string, string];
      const iso = `${y.padStart(4, '0')}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
      if (!/^\d{4}$/.test(y) || !/^\d{1,2}$/.test(m) || !/^\d{1,2}$/.test(d) || !isRealDate(iso)) {
        problems.push({
          field: `${name}-day`,
          message: `The answer to ${q} must be a real date`,
          sectionId: section.id,
        });
        continue;
      }
      answers[item.id] = iso;
      continue;
    }
    const raw = formString(fields, name);
    if (blank(raw)) {
      answers[item.id] = null;
      continue;
    }
    let value: boolean | number | string;
    switch (item.type) {
      case 'yes_no':
        if (raw !== 'yes' && raw !== 'no') {
          problems.push({ field: name, message: `Answer ${q} with yes or no`, sectionId: section.id });
          continue;
        }
        value = raw === 'yes';
        break;
      case 'scale':
        value = /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
        break;
      case 'choice':
        value = raw;
        break;
      case 'text':
        value = raw.replace(/\r\n/g, '\n').trim();
        break;
    }
    const p = answerProblem(item, value);
    if (p) problems.push({ field: name, message: p, sectionId: section.id });
    else answers[item.id] = value;
  }
  let rating: DraftRating | null = null;
  if (section.rated) {
    const r = formString(fields, 'rating').trim();
    const rationale = formString(fields, 'rationale').replace(/\r\n/g, '\n').trim();
    if (r && !isRating(r))
      problems.push({ field: 'rating', message: 'Select low, moderate or high', sectionId: section.id });
    else if (rationale.length > 20_000)
      problems.push({
        field: 'rationale',
        message: 'The rationale must be 20,000 characters or fewer',
        sectionId: section.id,
      });
    rating = { rating: isRating(r) ? r : undefined, rationale: rationale || undefined };
  }
  return { answers, rating, problems };
}

export type SectionStatus = 'not_started' | 'in_progress' | 'completed';

export function sectionStatus(
  section: Section,
  state: Pick<AssessmentState, 'answers' | 'ratings'>,
): SectionStatus {
  const answered = section.items.filter((i) => !blank(state.answers[i.id]));
  const r = state.ratings[section.id];
  const touched = answered.length > 0 || Boolean(r?.rating || r?.rationale);
  if (!touched) return 'not_started';
  const requiredDone = section.items.every((i) => !i.required || !blank(state.answers[i.id]));
  const ratingDone = !section.rated || Boolean(r?.rating && r.rationale);
  return requiredDone && ratingDone ? 'completed' : 'in_progress';
}

/** The plan as it is kept: rows with neither an action nor an owner are dropped. */
export function cleanPlan(
  rows: readonly { action?: string | undefined; owner?: string | undefined }[],
): PlanAction[] {
  return rows
    .map((r) => ({ action: (r.action ?? '').trim(), owner: (r.owner ?? '').trim() }))
    .filter((r) => r.action || r.owner);
}

/**
 * Everything that stops a draft from being completed, all at once, in the order of the pages:
 * the sections (required items, then the domain rating and its rationale), then the typology,
 * the override, the plan and the next review date.
 */
export function completionProblems(def: Definition, state: AssessmentState, today: string): Problem[] {
  const problems: Problem[] = [];
  const missing = new Set(missingRequired(def, state.answers));
  for (const section of def.sections) {
    section.items.forEach((item) => {
      if (missing.has(item.id))
        problems.push({
          field: `answers.${item.id}`,
          message: `Answer “${shortPrompt(item)}” in ${section.title}`,
          sectionId: section.id,
        });
      else {
        const p = answerProblem(item, state.answers[item.id]);
        if (p) problems.push({ field: `answers.${item.id}`, message: p, sectionId: section.id });
      }
    });
    if (section.rated) {
      const r = state.ratings[section.id];
      if (!r?.rating || !isRating(r.rating))
        problems.push({
          field: `ratings.${section.id}.rating`,
          message: `Rate ${section.title} as low, moderate or high`,
          sectionId: section.id,
        });
      if (blank(r?.rationale))
        problems.push({
          field: `ratings.${section.id}.rationale`,
          message: `Give the rationale for the ${section.title} rating`,
          sectionId: section.id,
        });
    }
  }
  if (def.typologies.length) {
    if (!state.typology) problems.push({ field: 'typology', message: 'Select the stalker typology' });
    else if (!def.typologies.some((t) => t.value === state.typology))
      problems.push({ field: 'typology', message: 'Select one of the typologies of this instrument' });
  }
  if (state.overrideBand && !isRating(state.overrideBand))
    problems.push({ field: 'overrideBand', message: 'An overriding band is low, moderate or high' });
  if (state.overrideBand && blank(state.overrideReason))
    problems.push({ field: 'overrideReason', message: 'Give the reason for overriding the computed band' });
  if (!state.overrideBand && !blank(state.overrideReason))
    problems.push({
      field: 'overrideBand',
      message: 'Select the band you are overriding to, or remove the reason',
    });
  const plan = cleanPlan(state.planActions);
  if (plan.length === 0)
    problems.push({
      field: 'planActions',
      message: 'Add at least one action to the risk management plan, with who does it',
    });
  plan.forEach((a, i) => {
    if (a.action && !a.owner)
      problems.push({ field: `planActions.${i}.owner`, message: `Say who does action ${i + 1} of the plan` });
    if (!a.action && a.owner)
      problems.push({ field: `planActions.${i}.action`, message: `Describe action ${i + 1} of the plan` });
  });
  if (!state.nextReviewDate)
    problems.push({ field: 'nextReviewDate', message: 'Enter the next review date' });
  else if (!isRealDate(state.nextReviewDate))
    problems.push({ field: 'nextReviewDate', message: 'The next review date must be a real date' });
  else if (state.nextReviewDate < today)
    problems.push({
      field: 'nextReviewDate',
      message: 'The next review date must be today or in the future',
    });
  return problems;
}

/**
 * What the summary page refuses when it is saved, before completion (issue 11: said where it is
 * entered): a plan action without its owner (or an owner without an action), and a next review
 * date that is not real or is in the past. What is still missing is left for completion to ask.
 * `today` is 'YYYY-MM-DD' in London.
 */
export function summaryStepProblems(
  input: { planActions: readonly PlanAction[]; nextReviewDate: string | null },
  today: string,
): Problem[] {
  const problems: Problem[] = [];
  cleanPlan(input.planActions).forEach((a, i) => {
    if (a.action && !a.owner)
      problems.push({ field: `planActions.${i}.owner`, message: `Say who does action ${i + 1} of the plan` });
    if (!a.action && a.owner)
      problems.push({ field: `planActions.${i}.action`, message: `Describe action ${i + 1} of the plan` });
  });
  if (input.nextReviewDate) {
    if (!isRealDate(input.nextReviewDate))
      problems.push({ field: 'nextReviewDate', message: 'The next review date must be a real date' });
    else if (input.nextReviewDate < today)
      problems.push({
        field: 'nextReviewDate',
        message: 'The next review date must be today or in the future',
      });
  }
  return problems;
}

/** The band that counts: the override where there is one, else the computed band. */
export const effectiveBand = (computed: Rating | null, override: Rating | null): Rating | null =>
  override ?? computed;

/** A screening result of moderate or high concern leads to a full assessment. */
export const recommendsFullAssessment = (tier: string, band: Rating | null): boolean =>
  tier === 'screening' && (band === 'moderate' || band === 'high');
