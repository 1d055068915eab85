import type { Answers, Definition, Item, Rating } from './definition.js';

export function allItems(def: Definition): Item[] {
  return def.sections.flatMap((s) => s.items);
}

const answered = (v: Answers[string] | undefined): boolean => v !== undefined && v !== null && v !== '';

/** Ids of required items with no answer, in the definition's order. */
export function missingRequired(def: Definition, answers: Answers): string[] {
  return allItems(def)
    .filter((i) => i.required && !answered(answers[i.id]))
    .map((i) => i.id);
}

/**
 * The summary rule applied to the answers: a count of yes answers or a sum of scores, then the band
 * whose range holds it. Professional judgement has no score and no computed band. Unanswered items
 * count as nothing; `complete` says whether every item the rule uses was answered.
 */
export function computeBand(
  def: Definition,
  answers: Answers,
): { score: number | null; band: Rating | null; complete: boolean } {
  const rule = def.summary;
  if (rule.kind === 'professional_judgement') return { score: null, band: null, complete: true };
  const items = new Map(allItems(def).map((i) => [i.id, i]));
  let score = 0;
  let complete = true;
  for (const id of rule.items) {
    const item = items.get(id);
    const value = answers[id];
    if (!item || !answered(value)) {
      complete = false;
      continue;
    }
    if (rule.kind === 'count_yes') {
      if (value === true) score += 1;
    } else if (item.type === 'choice') {
      score += item.options.find((o) => o.value === value)?.score ?? 0;
    } else if (typeof value === 'number') {
      score += value;
    } else if (value === true) {
      score += 1;
    }
  }
  const band = rule.bands.find((b) => score >= b.min && score <= b.max)?.band ?? null;
  return { score, band, complete };
}
