import { z } from 'zod';

/**
 * A versioned instrument definition: the structure of a risk tool, never its licensed wording.
 * Organisations load the wording they are licensed to use as a JSON file of this shape.
 * Validation beyond the shape (duplicate ids, bands, references) is in validate.ts.
 */

export const ITEM_TYPES = ['yes_no', 'scale', 'choice', 'text', 'date'] as const;
export const TIERS = ['screening', 'spj'] as const;
export const RATINGS = ['low', 'moderate', 'high'] as const;
export type Rating = (typeof RATINGS)[number];

const id = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'ids are lower case letters, digits and _, starting with a letter');

const baseItem = {
  id,
  prompt: z.string().min(1).max(1000),
  help: z.string().max(2000).optional(),
  required: z.boolean().default(false),
};

export const itemSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...baseItem, type: z.literal('yes_no') }),
  z.strictObject({
    ...baseItem,
    type: z.literal('scale'),
    min: z.number().int(),
    max: z.number().int(),
    labels: z.record(z.string(), z.string()).optional(),
  }),
  z.strictObject({
    ...baseItem,
    type: z.literal('choice'),
    options: z
      .array(z.strictObject({ value: id, label: z.string().min(1).max(200), score: z.number().optional() }))
      .min(2)
      .max(20),
  }),
  z.strictObject({
    ...baseItem,
    type: z.literal('text'),
    maxLength: z.number().int().min(1).max(20_000).default(4000),
  }),
  z.strictObject({ ...baseItem, type: z.literal('date') }),
]);
export type Item = z.infer<typeof itemSchema>;

export const sectionSchema = z.strictObject({
  id,
  title: z.string().min(1).max(200),
  /** a domain is rated (low / moderate / high) with a written rationale */
  rated: z.boolean().default(false),
  items: z.array(itemSchema).min(1).max(100),
});
export type Section = z.infer<typeof sectionSchema>;

export const bandSchema = z.strictObject({ min: z.number(), max: z.number(), band: z.enum(RATINGS) });

/** A count of yes answers or a sum of scores, banded; or professional judgement with no score. */
export const summaryRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('count_yes'),
    items: z.array(id).min(1),
    bands: z.array(bandSchema).min(1),
  }),
  z.strictObject({ kind: z.literal('sum'), items: z.array(id).min(1), bands: z.array(bandSchema).min(1) }),
  z.strictObject({ kind: z.literal('professional_judgement') }),
]);
export type SummaryRule = z.infer<typeof summaryRuleSchema>;

export const definitionSchema = z.strictObject({
  code: z.string().regex(/^[a-z0-9][a-z0-9-]{1,40}$/, 'code is lower case letters, digits and -'),
  name: z.string().min(1).max(200),
  version: z.number().int().min(1),
  tier: z.enum(TIERS),
  /** true for Recolo's own neutral templates: shown as "template: replace with your licensed wording" */
  template: z.boolean().default(false),
  /** typology choices (e.g. the Mullen typology) the assessor picks from; none for screening tools */
  typologies: z.array(z.strictObject({ value: id, label: z.string().min(1).max(200) })).default([]),
  sections: z.array(sectionSchema).min(1).max(50),
  summary: summaryRuleSchema,
});
export type Definition = z.infer<typeof definitionSchema>;

/** Answers keyed by item id: yes/no as boolean, scale as number, choice as option value, text and date as strings. */
export type Answers = Record<string, boolean | number | string | null>;
