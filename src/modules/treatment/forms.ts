import { dateFromParts } from '../../platform/http/dates.js';
import { asList } from '../../platform/http/forms.js';
import { fieldErrorsFrom, type FieldError } from '../../platform/errors.js';
import { COMPONENT_KEYS, GOAL_AREA_KEYS } from './rules.js';
import {
  dischargeInput,
  formulationInput,
  planComponent,
  planFields,
  planGoal,
  scoreInput,
  type DischargeInput,
  type FormulationInput,
  type PlanInput,
  type ScoreInput,
} from './schemas.js';

/* The pages' forms as the services' input: field names as the forms have them, for the error summary. */

type Parsed<T> = { input: T; errors: [] } | { input?: undefined; errors: FieldError[] };

const str = (f: Record<string, unknown>, name: string): string =>
  typeof f[name] === 'string' ? (f[name] as string) : '';
const int = (f: Record<string, unknown>, name: string): number => {
  const n = Number(str(f, name));
  return Number.isInteger(n) && n >= 0 ? n : 0;
};

export function formulationFromForm(f: Record<string, unknown>): Parsed<FormulationInput> {
  const answers: Record<string, string> = {};
  for (const [k, v] of Object.entries(f))
    if (k.startsWith('answers-') && typeof v === 'string') answers[k.slice('answers-'.length)] = v;
  const parsed = formulationInput.safeParse({
    ...(str(f, 'templateId') ? { templateId: str(f, 'templateId') } : {}),
    answers,
    typology: str(f, 'typology') || null,
    coAuthorIds: asList(f.coAuthorIds),
    expectedVersion: int(f, 'expectedVersion'),
    expectedRowVersion: int(f, 'expectedRowVersion'),
  });
  if (parsed.success) return { input: parsed.data, errors: [] };
  return { errors: fieldErrorsFrom(parsed.error) };
}

export function planFromForm(f: Record<string, unknown>): Parsed<PlanInput> {
  const errors: FieldError[] = [];
  const goals: PlanInput['goals'] = [];
  for (const area of GOAL_AREA_KEYS) {
    const goal = str(f, `goal-${area}`);
    const measure = str(f, `measure-${area}`);
    if (!goal.trim() && !measure.trim()) continue;
    const p = planGoal.safeParse({ area, goal, measure });
    if (p.success) goals.push(p.data);
    else
      for (const e of fieldErrorsFrom(p.error))
        errors.push({ field: `${e.field}-${area}`, message: e.message });
  }
  if (!goals.length && !errors.some((e) => e.field.startsWith('goal') || e.field.startsWith('measure')))
    errors.push({ field: 'goals', message: 'Add at least one goal' });
  const components: PlanInput['components'] = [];
  for (const kind of COMPONENT_KEYS) {
    const leadId = str(f, `lead-${kind}`);
    const frequency = str(f, `frequency-${kind}`);
    const sessions = str(f, `sessions-${kind}`).trim();
    if (!leadId && !frequency.trim() && !sessions) continue;
    const p = planComponent.safeParse({
      component: kind,
      leadId,
      frequency,
      plannedSessions: sessions === '' ? undefined : Number(sessions),
    });
    if (p.success) components.push(p.data);
    else
      for (const e of fieldErrorsFrom(p.error)) {
        const field = e.field === 'leadId' ? 'lead' : e.field === 'plannedSessions' ? 'sessions' : e.field;
        errors.push({ field: `${field}-${kind}`, message: e.message });
      }
  }
  if (!components.length && !errors.some((e) => /^(lead|frequency|sessions)-/.test(e.field)))
    errors.push({ field: 'components', message: 'Add at least one planned component' });
  const reviewDate = planFields.reviewDate.safeParse(dateFromParts(f, 'reviewDate') ?? '');
  if (!reviewDate.success) errors.push({ field: 'reviewDate', message: reviewDate.error.issues[0]!.message });
  const reviewNote = planFields.reviewNote.safeParse(str(f, 'reviewNote'));
  if (!reviewNote.success) errors.push({ field: 'reviewNote', message: reviewNote.error.issues[0]!.message });
  const rationale = planFields.rationale.safeParse(str(f, 'rationale'));
  if (!rationale.success) errors.push({ field: 'rationale', message: rationale.error.issues[0]!.message });
  if (errors.length || !reviewDate.success || !reviewNote.success || !rationale.success) return { errors };
  return {
    input: {
      goals,
      components,
      reviewDate: reviewDate.data,
      reviewNote: reviewNote.data,
      rationale: rationale.data,
      expectedVersion: int(f, 'expectedVersion'),
    },
    errors: [],
  };
}

export function scoreFromForm(f: Record<string, unknown>, itemIds: readonly string[]): Parsed<ScoreInput> {
  const answers: Record<string, number> = {};
  const errors: FieldError[] = [];
  itemIds.forEach((id, i) => {
    const v = str(f, `answers-${id}`);
    if (v === '') errors.push({ field: `answers.${id}`, message: `Answer item ${i + 1}` });
    else answers[id] = Number(v);
  });
  const parsed = scoreInput.safeParse({
    templateId: str(f, 'templateId'),
    stage: str(f, 'stage') || undefined,
    administeredOn: dateFromParts(f, 'administeredOn') ?? '',
    answers,
    notes: str(f, 'notes'),
  });
  if (!parsed.success)
    errors.unshift(...fieldErrorsFrom(parsed.error).filter((e) => !e.field.startsWith('answers')));
  if (errors.length || !parsed.success) return { errors };
  return { input: parsed.data, errors: [] };
}

export function dischargeFromForm(f: Record<string, unknown>): Parsed<DischargeInput> {
  const kind = str(f, 'kind');
  const parsed = dischargeInput.safeParse({
    kind: kind || undefined,
    unplannedReason: kind === 'unplanned' ? str(f, 'unplannedReason') || undefined : null,
    reason: str(f, 'reason'),
    dischargedOn: dateFromParts(f, 'dischargedOn') ?? '',
    letterTo: str(f, 'letterTo'),
    letter: str(f, 'letter'),
    summary: str(f, 'summary'),
  });
  if (parsed.success) return { input: parsed.data, errors: [] };
  return { errors: fieldErrorsFrom(parsed.error) };
}
