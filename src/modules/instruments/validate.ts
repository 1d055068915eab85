import type { z } from 'zod';
import { definitionSchema, type Definition, type Item } from './definition.js';
import { allItems } from './scoring.js';

/**
 * Checks an instrument definition before it is published: first its shape (the zod schema in
 * definition.ts), then what a schema cannot say: ids unique, scales the right way round, the
 * summary rule referring to items that exist and can be scored, and bands that cover every
 * possible score exactly once. Every problem is a sentence naming where it is, e.g.
 * "sections[1].items[0].type: unknown item type 'slider'".
 */
export type ValidationResult = { ok: true; definition: Definition } | { ok: false; problems: string[] };

export function validateDefinition(json: unknown): ValidationResult {
  const parsed = definitionSchema.safeParse(json);
  if (!parsed.success) return { ok: false, problems: shapeProblems(parsed.error, json) };
  const problems = semanticProblems(parsed.data);
  return problems.length ? { ok: false, problems } : { ok: true, definition: parsed.data };
}

type Path = readonly PropertyKey[];

/** `sections[1].items[0].type`: how a reader finds the place in the JSON file. */
export function formatPath(path: Path): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(the definition)';
}

function valueAt(json: unknown, path: Path): unknown {
  let value = json;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[part as string];
  }
  return value;
}

const quote = (v: unknown) => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v));
const list = (values: readonly unknown[]) => values.map(quote).join(', ');

const DISCRIMINATED: Record<string, string> = { type: 'item type', kind: 'summary rule kind' };

function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${quote(v)}`;
}

function shapeMessage(issue: z.core.$ZodIssue, json: unknown): string {
  const value = valueAt(json, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return 'is missing';
      return `must be ${issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}, not ${describeType(value)}`;
    case 'invalid_union':
      if ('note' in issue && issue.note === 'No matching discriminator' && issue.discriminator) {
        const what = DISCRIMINATED[issue.discriminator] ?? issue.discriminator;
        const options = (issue as { options?: unknown[] }).options ?? [];
        return value === undefined
          ? `is missing: choose one of ${list(options)}`
          : `unknown ${what} ${quote(value)}: use one of ${list(options)}`;
      }
      return 'does not match any allowed form';
    case 'invalid_value':
      return value === undefined
        ? `is missing: choose one of ${list(issue.values)}`
        : `${quote(value)} is not allowed: use one of ${list(issue.values)}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${list(issue.keys)}`;
    case 'too_small':
      if (issue.origin === 'array')
        return `needs at least ${String(issue.minimum)} entr${issue.minimum === 1 ? 'y' : 'ies'}`;
      if (issue.origin === 'string')
        return issue.minimum === 1
          ? 'must not be empty'
          : `must be at least ${String(issue.minimum)} characters`;
      return `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'array') return `has more than ${String(issue.maximum)} entries`;
      if (issue.origin === 'string') return `must be ${String(issue.maximum)} characters or fewer`;
      return `must be at most ${String(issue.maximum)}`;
    case 'invalid_format':
      return `${quote(value)}: ${issue.message}`;
    default:
      return issue.message;
  }
}

function shapeProblems(error: z.ZodError, json: unknown): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const issue of error.issues) {
    const line = `${formatPath(issue.path)}: ${shapeMessage(issue, json)}`;
    if (seen.has(line)) continue;
    seen.add(line);
    out.push(line);
  }
  return out;
}

/** The lowest and highest score an item can add to a sum, or null when it cannot be summed. */
export function itemScoreRange(item: Item): { min: number; max: number } | null {
  switch (item.type) {
    case 'yes_no':
      return { min: 0, max: 1 };
    case 'scale':
      return { min: item.min, max: item.max };
    case 'choice': {
      const scores = item.options.map((o) => o.score ?? 0);
      return { min: Math.min(...scores), max: Math.max(...scores) };
    }
    default:
      return null;
  }
}

/**
 * The range of scores the summary rule can give: 0..n yes answers for a count, the sum of each
 * item's lowest and highest for a sum. Null for professional judgement (no score).
 */
export function scoreRange(def: Definition): { min: number; max: number } | null {
  const rule = def.summary;
  if (rule.kind === 'professional_judgement') return null;
  if (rule.kind === 'count_yes') return { min: 0, max: rule.items.length };
  const items = new Map(allItems(def).map((i) => [i.id, i]));
  let min = 0;
  let max = 0;
  for (const id of rule.items) {
    const range = items.get(id) && itemScoreRange(items.get(id)!);
    if (!range) return null;
    min += range.min;
    max += range.max;
  }
  return { min, max };
}

function duplicates<T>(
  entries: { key: T; where: string }[],
  problem: (key: T, where: string, first: string) => string,
): string[] {
  const firstSeen = new Map<T, string>();
  const out: string[] = [];
  for (const { key, where } of entries) {
    const first = firstSeen.get(key);
    if (first !== undefined) out.push(problem(key, where, first));
    else firstSeen.set(key, where);
  }
  return out;
}

function semanticProblems(def: Definition): string[] {
  const problems: string[] = [];

  problems.push(
    ...duplicates(
      def.sections.map((s, i) => ({ key: s.id, where: `sections[${i}]` })),
      (id, where, first) => `${where}.id: duplicate section id '${id}' (also used by ${first})`,
    ),
    ...duplicates(
      def.sections.flatMap((s, si) =>
        s.items.map((item, ii) => ({ key: item.id, where: `sections[${si}].items[${ii}]` })),
      ),
      (id, where, first) => `${where}.id: duplicate item id '${id}' (also used by ${first})`,
    ),
    ...duplicates(
      def.typologies.map((t, i) => ({ key: t.value, where: `typologies[${i}]` })),
      (value, where, first) => `${where}.value: duplicate typology '${value}' (also used by ${first})`,
    ),
  );

  def.sections.forEach((section, si) =>
    section.items.forEach((item, ii) => {
      const where = `sections[${si}].items[${ii}]`;
      if (item.type === 'scale' && item.min >= item.max)
        problems.push(
          `${where}: scale '${item.id}' must have min below max (min ${item.min}, max ${item.max})`,
        );
      if (item.type === 'scale' && item.labels) {
        for (const key of Object.keys(item.labels)) {
          const n = Number(key);
          if (!Number.isInteger(n) || n < item.min || n > item.max)
            problems.push(
              `${where}.labels: label key '${key}' is not a point on the scale ${item.min} to ${item.max}`,
            );
        }
      }
      if (item.type === 'choice')
        problems.push(
          ...duplicates(
            item.options.map((o, oi) => ({ key: o.value, where: `${where}.options[${oi}]` })),
            (value, at, first) =>
              `${at}.value: duplicate option value '${value}' in '${item.id}' (also used by ${first})`,
          ),
        );
    }),
  );

  if (def.tier === 'spj' && !def.sections.some((s) => s.rated))
    problems.push(
      'sections: a structured professional judgement (spj) instrument needs at least one rated section (rated: true)',
    );

  problems.push(...summaryProblems(def));
  return problems;
}

function summaryProblems(def: Definition): string[] {
  const rule = def.summary;
  if (rule.kind === 'professional_judgement') return [];
  const problems: string[] = [];
  const items = new Map(allItems(def).map((i) => [i.id, i]));
  const seen = new Set<string>();
  let usable = true;
  rule.items.forEach((id, i) => {
    const where = `summary.items[${i}]`;
    const item = items.get(id);
    if (seen.has(id)) {
      problems.push(`${where}: item '${id}' is listed twice in the summary rule`);
      usable = false;
      return;
    }
    seen.add(id);
    if (!item) {
      problems.push(`${where}: the summary rule refers to item '${id}', which is not in the definition`);
      usable = false;
    } else if (rule.kind === 'count_yes' && item.type !== 'yes_no') {
      problems.push(
        `${where}: a count_yes rule counts yes/no items only, but '${id}' is a ${item.type} item`,
      );
      usable = false;
    } else if (rule.kind === 'sum' && !itemScoreRange(item)) {
      problems.push(
        `${where}: a sum rule adds yes/no, scale and choice items only, but '${id}' is a ${item.type} item`,
      );
      usable = false;
    } else if (rule.kind === 'sum' && item.type === 'choice') {
      if (item.options.some((o) => o.score === undefined))
        problems.push(`${where}: every option of choice item '${id}' needs a score to be summed`);
      if (item.options.some((o) => o.score !== undefined && !Number.isInteger(o.score)))
        problems.push(`${where}: the option scores of choice item '${id}' must be whole numbers`);
    }
  });
  // a sum's range depends on its items; a count's only on how many there are
  if (!usable && rule.kind === 'sum') return problems;
  const range = rule.kind === 'count_yes' ? { min: 0, max: rule.items.length } : scoreRange(def);
  if (range) problems.push(...bandProblems(rule.bands, range));
  return problems;
}

/**
 * Bands in order, each min ≤ max, whole numbers, touching without overlapping (the next band's min
 * is the previous band's max + 1) and covering exactly the range of possible scores.
 */
export function bandProblems(
  bands: readonly { min: number; max: number; band: string }[],
  range: { min: number; max: number },
): string[] {
  const problems: string[] = [];
  const span = (b: { min: number; max: number }) => `${b.min} to ${b.max}`;
  bands.forEach((b, i) => {
    if (!Number.isInteger(b.min) || !Number.isInteger(b.max))
      problems.push(`summary.bands[${i}]: band '${b.band}' (${span(b)}) must start and end on whole numbers`);
    if (b.min > b.max)
      problems.push(`summary.bands[${i}]: band '${b.band}' starts at ${b.min}, after it ends at ${b.max}`);
  });
  if (problems.length) return problems;
  bands.forEach((b, i) => {
    if (i === 0) return;
    const prev = bands[i - 1]!;
    const where = `summary.bands[${i}]`;
    if (b.min <= prev.max)
      problems.push(
        `${where}: band '${b.band}' (${span(b)}) overlaps band '${prev.band}' (${span(prev)}); bands must be in order without overlapping`,
      );
    else if (b.min > prev.max + 1)
      problems.push(
        `${where}: gap between band '${prev.band}' (${span(prev)}) and band '${b.band}' (${span(b)}): no band covers ${
          b.min === prev.max + 2 ? String(prev.max + 1) : `${prev.max + 1} to ${b.min - 1}`
        }`,
      );
  });
  const first = bands[0]!;
  const last = bands[bands.length - 1]!;
  const lowest = Math.min(...bands.map((b) => b.min));
  const highest = Math.max(...bands.map((b) => b.max));
  if (first.min !== range.min || lowest < range.min)
    problems.push(
      `summary.bands[0]: the bands must start at the lowest possible score, ${range.min}, but start at ${first.min}`,
    );
  if (last.max !== range.max || highest > range.max)
    problems.push(
      `summary.bands[${bands.length - 1}]: the bands must end at the highest possible score, ${range.max}, but end at ${last.max}`,
    );
  return problems;
}
