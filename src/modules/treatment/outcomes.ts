import { auditCase, requireRead, requireWrite } from '../../platform/access/case-access.js';
import type { SessionUser } from '../../platform/auth/sessions.js';
import { openCase } from '../../platform/case-context.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import { Invalid, NotFound } from '../../platform/errors.js';
import type { Answers } from '../instruments/definition.js';
import { scoreMeasure, validateOutcomeMeasure, type OutcomeMeasure } from './definitions.js';
import { classifyChange, type Change } from './reliable-change.js';
import * as repo from './repository.js';
import { STAGES, type Stage } from './rules.js';
import type { ScoreInput } from './schemas.js';

/**
 * Outcome measures: each administration of a measure (pre, during, post, follow-up) scored by the
 * measure's sum rule, and the change from the first score before the intervention to the latest
 * one after it classified by the reliable change index and criterion c held in the measure's norms
 * (reliable-change.ts). Clinical compartment.
 */

export function measureOf(json: unknown): OutcomeMeasure {
  const c = validateOutcomeMeasure(json);
  if (!c.ok) throw new Error('A stored outcome measure no longer validates');
  return c.definition;
}

type ScoreView = {
  id: string;
  stage: Stage;
  stageLabel: string;
  administeredOn: string;
  score: number;
  band: string | null;
  author: string;
  notes: string;
  /** the change from the baseline to this score, for every score after the baseline */
  change: Change | null;
};

/** The scores grouped by measure, each with its change from the baseline (the first pre score). */
export function byMeasure(rows: repo.ScoreRow[]) {
  const groups = new Map<string, repo.ScoreRow[]>();
  for (const r of rows) groups.set(r.template_id, [...(groups.get(r.template_id) ?? []), r]);
  return [...groups.values()].map((rs) => {
    const first = rs[0]!;
    const m = measureOf(first.definition);
    const baseline = rs.find((r) => r.stage === 'pre') ?? null;
    const scores: ScoreView[] = rs.map((r) => ({
      id: r.id,
      stage: r.stage,
      stageLabel: STAGES[r.stage],
      administeredOn: r.administered_on,
      score: r.score,
      band: bandOf(m, r.score),
      author: r.author,
      notes: r.notes,
      change:
        baseline && r.id !== baseline.id && r.stage !== 'pre'
          ? classifyChange(baseline.score, r.score, m.norms)
          : null,
    }));
    const later = [...scores].reverse().find((s) => s.change);
    return {
      templateId: first.template_id,
      code: first.code,
      name: first.name,
      template: m.instrument.template,
      norms: m.norms,
      scores,
      baseline: baseline ? scores.find((s) => s.id === baseline.id)! : null,
      latest: later ?? null,
    };
  });
}

function bandOf(m: OutcomeMeasure, score: number): string | null {
  const rule = m.instrument.summary;
  if (rule.kind === 'professional_judgement') return null;
  return rule.bands.find((b) => score >= b.min && score <= b.max)?.band ?? null;
}

export async function outcomesPage(tx: Tx, user: SessionUser, actor: Actor, caseId: string, channel: string) {
  const h = await openCase(tx, user, caseId);
  requireRead(h.access, 'clinical');
  const rows = await repo.scoresOf(tx, caseId);
  const measures = byMeasure(rows);
  await auditCase(tx, actor, h.access, {
    action: 'outcome_measure.list',
    recordType: 'outcome_measure_score',
    details: { scores: rows.length, channel },
  });
  return {
    h,
    measures,
    available: await repo.currentTemplates(tx, 'outcome_measure'),
    // withdrawn as entered in error: listed apart, with when, by whom and why
    withdrawn: (await repo.withdrawnScoresOf(tx, caseId)).map((w) => ({ ...w, stageLabel: STAGES[w.stage] })),
    canWrite: h.access.levels.clinical === 'write',
  };
}

/** The form to score a measure: the measure's items. */
export async function scoreFormContext(tx: Tx, user: SessionUser, caseId: string, templateId: string) {
  const h = await openCase(tx, user, caseId);
  requireWrite(h.access, 'clinical', 'record an outcome measure');
  const t = await repo.templateById(tx, templateId);
  if (!t || t.kind !== 'outcome_measure') throw new NotFound();
  return { h, templateId: t.id, name: t.name, measure: measureOf(t.definition) };
}

/** Records one administration: every item answered within its scale, else field errors and nothing saved. */
export async function recordScore(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  input: ScoreInput,
): Promise<{ id: string; score: number }> {
  const h = await openCase(tx, user, caseId);
  requireWrite(h.access, 'clinical', 'record an outcome measure');
  const t = await repo.templateById(tx, input.templateId);
  if (!t || t.kind !== 'outcome_measure')
    throw new Invalid('No such measure', [{ field: 'templateId', message: 'Select the measure' }]);
  const m = measureOf(t.definition);
  const errors: { field: string; message: string }[] = [];
  const items = m.instrument.sections.flatMap((s) => s.items);
  const answers: Record<string, number> = {};
  items.forEach((item, i) => {
    const v = input.answers[item.id];
    if (v === undefined) {
      errors.push({ field: `answers.${item.id}`, message: `Answer item ${i + 1}` });
      return;
    }
    if (item.type === 'scale' && (!Number.isInteger(v) || v < item.min || v > item.max)) {
      errors.push({
        field: `answers.${item.id}`,
        message: `Item ${i + 1}: choose a score from ${item.min} to ${item.max}`,
      });
      return;
    }
    answers[item.id] = v;
  });
  for (const k of Object.keys(input.answers))
    if (!items.some((i) => i.id === k))
      errors.push({ field: `answers.${k}`, message: `There is no item '${k}' in the measure` });
  if (errors.length) throw new Invalid('The measure has not been recorded', errors);
  const scored = scoreMeasure(m, answers as Answers);
  if (!scored.ok)
    throw new Invalid(
      'The measure has not been recorded',
      scored.missing.map((id) => ({ field: `answers.${id}`, message: 'Answer every item' })),
    );
  const id = await repo.insertScore(tx, {
    caseId,
    templateId: t.id,
    stage: input.stage,
    administeredOn: input.administeredOn,
    answers,
    score: scored.score,
    notes: input.notes,
    authorId: user.id,
  });
  await auditCase(tx, actor, h.access, {
    action: 'outcome_measure.recorded',
    recordType: 'outcome_measure_score',
    recordId: id,
    details: { measure: t.code, stage: input.stage },
  });
  return { id, score: scored.score };
}
