import { type FieldError } from '../../platform/errors.js';
import type { Definition, Section } from '../instruments/definition.js';
import { isRating, isRealDate, itemField, type PlanAction, type Problem } from './completion.js';
import * as service from './service.js';

/** Reading the assessment forms and presenting their values and errors back on the pages. */

export const str = (v: unknown): string =>
  typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
export const versionOf = (fields: Record<string, unknown>): number => {
  const n = Number(str(fields.version));
  return Number.isInteger(n) && n > 0 ? n : 0;
};

/** The summary page's rows of plan: at least three, one empty row to add to, at most ten. */
export const planRows = (n: number) => Math.min(10, Math.max(3, n + 1));

/** Where on which page each completion problem is put right. */
export function problemHref(base: string, def: Definition, p: Problem): string {
  if (p.sectionId) {
    const section = def.sections.find((s) => s.id === p.sectionId);
    const itemId = p.field.startsWith('answers.') ? p.field.slice('answers.'.length) : null;
    const item = itemId ? section?.items.find((i) => i.id === itemId) : undefined;
    const anchor = item
      ? `${itemField(item.id)}${item.type === 'date' ? '-day' : ''}`
      : p.field.endsWith('.rationale')
        ? 'rationale'
        : 'rating';
    return `${base}/sections/${p.sectionId}#${anchor}`;
  }
  const plan = /^planActions\.(\d+)\.(action|owner)$/.exec(p.field);
  const anchor = plan
    ? `plan-${plan[1]}-${plan[2]}`
    : p.field === 'planActions'
      ? 'plan-0-action'
      : p.field === 'nextReviewDate'
        ? 'nextReviewDate-day'
        : p.field;
  return `${base}/summary#${anchor}`;
}

export function sectionValues(section: Section, view: service.AssessmentView): Record<string, string> {
  const values: Record<string, string> = {};
  for (const item of section.items) {
    const v = view.answers[item.id];
    if (v === undefined || v === null) continue;
    const name = itemField(item.id);
    if (item.type === 'yes_no') values[name] = v === true ? 'yes' : 'no';
    else if (item.type === 'date' && typeof v === 'string') {
      const [y, m, d] = v.split('-');
      values[`${name}-day`] = String(Number(d));
      values[`${name}-month`] = String(Number(m));
      values[`${name}-year`] = y ?? '';
    } else values[name] = String(v);
  }
  const s = view.sections.find((x) => x.id === section.id);
  if (s?.rating) values.rating = s.rating;
  if (s?.rationale) values.rationale = s.rationale;
  return values;
}

export function summaryValues(view: service.AssessmentView): Record<string, string> {
  const values: Record<string, string> = {
    coAssessor: view.coAssessor,
    typology: view.typology ?? '',
    overrideBand: view.overrideBand ?? '',
    overrideReason: view.overrideReason ?? '',
  };
  view.planActions.forEach((a, i) => {
    values[`plan-${i}-action`] = a.action;
    values[`plan-${i}-owner`] = a.owner;
  });
  if (view.nextReviewDate) {
    const [y, m, d] = view.nextReviewDate.split('-');
    values['nextReviewDate-day'] = String(Number(d));
    values['nextReviewDate-month'] = String(Number(m));
    values['nextReviewDate-year'] = y ?? '';
  }
  return values;
}

export function pageErrors(errors: { field: string; message: string; href: string }[]) {
  return {
    errorList: errors.map((e) => ({ text: e.message, href: e.href })),
    fieldErrors: Object.fromEntries(errors.map((e) => [e.field, { text: e.message }])),
  };
}

export const localErrors = (errors: FieldError[]) =>
  pageErrors(errors.map((e) => ({ ...e, href: `#${e.field}` })));

export function readSummaryForm(
  def: Definition,
  fields: Record<string, unknown>,
): { input: service.SummaryInput; errors: FieldError[] } {
  const errors: FieldError[] = [];
  // a form without the field leaves the co-assessor as it was
  const coAssessor = fields.coAssessor === undefined ? undefined : str(fields.coAssessor).trim();
  if (coAssessor && coAssessor.length > 200)
    errors.push({ field: 'coAssessor', message: 'The co-assessor must be 200 characters or fewer' });
  const typology = str(fields.typology).trim() || null;
  if (typology && !def.typologies.some((t) => t.value === typology))
    errors.push({ field: 'typology', message: 'Select one of the typologies' });
  const band = str(fields.overrideBand).trim();
  if (band && !isRating(band))
    errors.push({ field: 'overrideBand', message: 'Select low, moderate or high, or no override' });
  const overrideReason = str(fields.overrideReason).replace(/\r\n/g, '\n').trim() || null;
  if (overrideReason && overrideReason.length > 20_000)
    errors.push({ field: 'overrideReason', message: 'The reason must be 20,000 characters or fewer' });
  // the database keeps no override without its reason, even in a draft
  if (isRating(band) && !overrideReason)
    errors.push({ field: 'overrideReason', message: 'Give the reason for overriding the computed band' });
  const planActions: PlanAction[] = [];
  for (let i = 0; i < 10; i += 1) {
    const action = str(fields[`plan-${i}-action`]).trim();
    const owner = str(fields[`plan-${i}-owner`]).trim();
    if (action.length > 2000)
      errors.push({
        field: `plan-${i}-action`,
        message: `Action ${i + 1} must be 2,000 characters or fewer`,
      });
    if (owner.length > 200)
      errors.push({
        field: `plan-${i}-owner`,
        message: `Who does action ${i + 1} must be 200 characters or fewer`,
      });
    planActions.push({ action, owner });
  }
  const parts = ['day', 'month', 'year'].map((k) => str(fields[`nextReviewDate-${k}`]).trim());
  let nextReviewDate: string | null = null;
  if (parts.some(Boolean)) {
    const [d, m, y] = parts as [string, string, string];
    const iso = `${y.padStart(4, '0')}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
    if (!/^\d{4}$/.test(y) || !/^\d{1,2}$/.test(m) || !/^\d{1,2}$/.test(d) || !isRealDate(iso))
      errors.push({ field: 'nextReviewDate', message: 'The next review date must be a real date' });
    else nextReviewDate = iso;
  }
  return {
    input: {
      coAssessor,
      typology,
      overrideBand: isRating(band) ? band : null,
      overrideReason,
      planActions,
      nextReviewDate,
    },
    errors,
  };
}
