import { z } from 'zod';
import { definitionSchema, type Answers, type Definition } from '../instruments/definition.js';
import { allItems, computeBand, missingRequired } from '../instruments/scoring.js';
import { validateDefinition } from '../instruments/validate.js';
import type { Norms } from './reliable-change.js';

/**
 * The two kinds of clinical template an organisation loads as JSON, as risk instruments are
 * loaded (src/modules/instruments): a formulation template (the sections of the document) and an
 * outcome measure (a risk instrument definition with a sum rule, plus the published reliability
 * and norms the reliable change index needs). Recolo ships its own templates of each in
 * instruments/templates/, marked "template: replace with licensed measure".
 */

const id = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'ids are lower case letters, digits and _, starting with a letter');
const code = z.string().regex(/^[a-z0-9][a-z0-9-]{1,40}$/, 'code is lower case letters, digits and -');

export const formulationTemplateSchema = z.strictObject({
  kind: z.literal('formulation'),
  code,
  name: z.string().min(1).max(200),
  version: z.number().int().min(1),
  template: z.boolean().default(false),
  sections: z
    .array(
      z.strictObject({
        id,
        title: z.string().min(1).max(200),
        hint: z.string().max(1000).optional(),
        required: z.boolean().default(false),
        maxLength: z.number().int().min(1).max(20_000).default(8000),
      }),
    )
    .min(1)
    .max(30),
  /** the stalking typology the formulation links to (choices) */
  typologies: z.array(z.strictObject({ value: id, label: z.string().min(1).max(200) })).default([]),
});
export type FormulationTemplate = z.infer<typeof formulationTemplateSchema>;

const population = z.strictObject({ mean: z.number(), sd: z.number().positive() });

export const normsSchema = z.strictObject({
  reliability: z.number().gt(0).lt(1),
  clinical: population,
  functional: population,
  higherIsWorse: z.boolean(),
  /** where the figures come from (a citation) */
  source: z.string().min(1).max(1000),
});

/** An outcome measure: a risk instrument definition (scored by a sum) with its norms. */
export const outcomeMeasureSchema = z.strictObject({
  kind: z.literal('outcome_measure'),
  instrument: z.unknown(),
  norms: normsSchema,
});

export type OutcomeMeasure = {
  kind: 'outcome_measure';
  instrument: Definition;
  norms: Norms & { source: string };
};

export type TemplateCheck<T> = { ok: true; definition: T } | { ok: false; problems: string[] };

export function validateFormulationTemplate(json: unknown): TemplateCheck<FormulationTemplate> {
  const parsed = formulationTemplateSchema.safeParse(json);
  if (!parsed.success)
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(the template)'}: ${i.message}`),
    };
  const ids = parsed.data.sections.map((s) => s.id);
  const dup = ids.find((x, i) => ids.indexOf(x) !== i);
  if (dup) return { ok: false, problems: [`sections: the id '${dup}' is used twice`] };
  return { ok: true, definition: parsed.data };
}

/** Checks an outcome measure: its instrument as risk instruments are checked, a sum rule, sane norms. */
export function validateOutcomeMeasure(json: unknown): TemplateCheck<OutcomeMeasure> {
  const parsed = outcomeMeasureSchema.safeParse(json);
  if (!parsed.success)
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(the measure)'}: ${i.message}`),
    };
  const instrument = validateDefinition(parsed.data.instrument);
  if (!instrument.ok) return { ok: false, problems: instrument.problems.map((p) => `instrument.${p}`) };
  if (instrument.definition.summary.kind !== 'sum')
    return { ok: false, problems: ['instrument.summary.kind: an outcome measure is scored by a sum'] };
  const norms = parsed.data.norms;
  const problems: string[] = [];
  if (norms.higherIsWorse && norms.clinical.mean <= norms.functional.mean)
    problems.push('norms: when higher is worse the clinical mean must be above the functional mean');
  if (!norms.higherIsWorse && norms.clinical.mean >= norms.functional.mean)
    problems.push('norms: when higher is better the clinical mean must be below the functional mean');
  if (problems.length) return { ok: false, problems };
  return { ok: true, definition: { kind: 'outcome_measure', instrument: instrument.definition, norms } };
}

/** The measure's total from a set of answers, or the field problems (every item must be answered). */
export function scoreMeasure(
  m: OutcomeMeasure,
  answers: Answers,
): { ok: true; score: number } | { ok: false; missing: string[] } {
  const missing = missingRequired(m.instrument, answers);
  const rule = m.instrument.summary;
  const unanswered =
    rule.kind === 'sum'
      ? rule.items.filter((i) => answers[i] === undefined || answers[i] === null || answers[i] === '')
      : [];
  const all = [...new Set([...missing, ...unanswered])];
  if (all.length) return { ok: false, missing: all };
  const { score } = computeBand(m.instrument, answers);
  return { ok: true, score: score ?? 0 };
}

export { allItems, definitionSchema };
