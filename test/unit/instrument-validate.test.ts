import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Answers, Definition } from '../../src/modules/instruments/definition.js';
import { computeBand } from '../../src/modules/instruments/scoring.js';
import { readTemplate } from '../../src/modules/instruments/templates.js';
import { validateDefinition } from '../../src/modules/instruments/validate.js';

/** definitions as JSON, changed freely by the tests to make them wrong */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const clone = <T>(v: T): T => structuredClone(v);
const screening = () => clone(readTemplate('screening-template.json')) as Json;
const spj = () => clone(readTemplate('spj-template.json')) as Json;

function problemsOf(json: unknown): string[] {
  const result = validateDefinition(json);
  if (result.ok) throw new Error('expected the definition to be refused');
  return result.problems;
}

/** a small valid sum definition: two scales 0-3 and a yes/no, scores 0 to 7 */
function sumDefinition(): Json {
  return {
    code: 'sum-test',
    name: 'Sum test',
    version: 1,
    tier: 'screening',
    sections: [
      {
        id: 'one',
        title: 'One',
        items: [
          { id: 'a', type: 'scale', prompt: 'A?', min: 0, max: 3 },
          { id: 'b', type: 'scale', prompt: 'B?', min: 0, max: 3 },
          { id: 'c', type: 'yes_no', prompt: 'C?' },
          { id: 'd', type: 'text', prompt: 'Notes' },
        ],
      },
    ],
    summary: {
      kind: 'sum',
      items: ['a', 'b', 'c'],
      bands: [
        { min: 0, max: 2, band: 'low' },
        { min: 3, max: 5, band: 'moderate' },
        { min: 6, max: 7, band: 'high' },
      ],
    },
  };
}

describe('the templates', () => {
  it('the screening template is valid: 11 yes/no questions banded 0-3, 4-7, 8-11', () => {
    const result = validateDefinition(readTemplate('screening-template.json'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const def = result.definition;
    expect(def).toMatchObject({
      code: 'recolo-screening-template',
      tier: 'screening',
      template: true,
      version: 1,
    });
    const items = def.sections.flatMap((s) => s.items);
    expect(items).toHaveLength(11);
    expect(items.every((i) => i.type === 'yes_no')).toBe(true);
    expect(def.summary).toMatchObject({
      kind: 'count_yes',
      bands: [
        { min: 0, max: 3, band: 'low' },
        { min: 4, max: 7, band: 'moderate' },
        { min: 8, max: 11, band: 'high' },
      ],
    });
  });

  it('the SPJ template is valid: the typology, four rated domains of mixed items, professional judgement', () => {
    const result = validateDefinition(readTemplate('spj-template.json'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const def = result.definition;
    expect(def).toMatchObject({ code: 'recolo-spj-template', tier: 'spj', template: true });
    expect(def.typologies.map((t) => t.value)).toEqual([
      'rejected',
      'resentful',
      'intimacy_seeking',
      'incompetent_suitor',
      'predatory',
    ]);
    expect(def.sections.map((s) => [s.id, s.rated])).toEqual([
      ['violence', true],
      ['persistence', true],
      ['recurrence', true],
      ['psychosocial_damage', true],
    ]);
    for (const s of def.sections) {
      expect(s.items.length).toBeGreaterThanOrEqual(3);
      expect(s.items.length).toBeLessThanOrEqual(5);
      expect(s.items.some((i) => i.required)).toBe(true);
    }
    const types = new Set(def.sections.flatMap((s) => s.items.map((i) => i.type)));
    expect([...types].sort()).toEqual(['choice', 'date', 'scale', 'text', 'yes_no']);
    expect(def.summary.kind).toBe('professional_judgement');
  });

  it('a sum definition with contiguous bands over 0..max is valid', () => {
    expect(validateDefinition(sumDefinition()).ok).toBe(true);
  });
});

describe('shape problems name the path', () => {
  it('an unknown item type', () => {
    const def = screening();
    def.sections[1].items[0].type = 'slider';
    expect(problemsOf(def)).toContainEqual(
      expect.stringContaining("sections[1].items[0].type: unknown item type 'slider'"),
    );
  });

  it('an unknown summary kind, a missing prompt, an unknown field and a wrong type', () => {
    const def = screening();
    def.summary = { kind: 'average' };
    delete def.sections[0].items[2].prompt;
    def.colour = 'blue';
    def.version = '2';
    const problems = problemsOf(def);
    expect(problems).toContainEqual(
      expect.stringContaining("summary.kind: unknown summary rule kind 'average'"),
    );
    expect(problems).toContain('sections[0].items[2].prompt: is missing');
    expect(problems).toContain("(the definition): unknown field 'colour'");
    expect(problems).toContain("version: must be a number, not string '2'");
  });

  it('an unknown band name and a badly formed id', () => {
    const def = screening();
    def.summary.bands[2].band = 'severe';
    def.sections[0].items[0].id = 'Victim Afraid';
    const problems = problemsOf(def);
    expect(problems).toContainEqual(
      expect.stringMatching(/^summary\.bands\[2\]\.band: 'severe' is not allowed/),
    );
    expect(problems).toContainEqual(expect.stringMatching(/^sections\[0\]\.items\[0\]\.id: 'Victim Afraid'/));
  });

  it('something that is not an object at all', () => {
    expect(problemsOf([1, 2])).toEqual(['(the definition): must be an object, not a list']);
    expect(problemsOf(null)).toEqual(['(the definition): must be an object, not null']);
  });
});

describe('semantic problems', () => {
  it('duplicate item ids across sections, naming the id', () => {
    const def = screening();
    def.sections[1].items[1].id = 'threats_of_violence';
    def.summary.items = def.summary.items.filter((i: string) => i !== 'previous_pursuit');
    def.summary.items.push('escalation');
    expect(problemsOf(def)).toContain(
      "sections[1].items[1].id: duplicate item id 'threats_of_violence' (also used by sections[0].items[1])",
    );
  });

  it('duplicate section ids and duplicate typologies', () => {
    const def = spj();
    def.sections[3].id = 'violence';
    def.typologies[4].value = 'rejected';
    const problems = problemsOf(def);
    expect(problems).toContain("sections[3].id: duplicate section id 'violence' (also used by sections[0])");
    expect(problems).toContain(
      "typologies[4].value: duplicate typology 'rejected' (also used by typologies[0])",
    );
  });

  it('a scale whose min is not below its max', () => {
    const def = spj();
    def.sections[1].items[1].min = 4;
    expect(problemsOf(def)).toContainEqual(
      expect.stringContaining("sections[1].items[1]: scale 'contact_frequency' must have min below max"),
    );
  });

  it('duplicate choice option values', () => {
    const def = spj();
    def.sections[0].items[2].options[2].value = 'no';
    expect(problemsOf(def)).toContainEqual(
      expect.stringContaining(
        "sections[0].items[2].options[2].value: duplicate option value 'no' in 'weapon_access'",
      ),
    );
  });

  it('an SPJ instrument with no rated section', () => {
    const def = spj();
    for (const s of def.sections) s.rated = false;
    expect(problemsOf(def)).toContainEqual(expect.stringContaining('needs at least one rated section'));
  });

  it('a summary rule that refers to a missing item', () => {
    const def = screening();
    def.summary.items[10] = 'no_such_item';
    expect(problemsOf(def)).toContain(
      "summary.items[10]: the summary rule refers to item 'no_such_item', which is not in the definition",
    );
  });

  it('a count_yes rule over an item that is not yes/no, and a sum over a text item', () => {
    const def = spj();
    def.summary = {
      kind: 'count_yes',
      items: ['threats_made', 'weapon_access'],
      bands: [{ min: 0, max: 2, band: 'low' }],
    };
    expect(problemsOf(def)).toContain(
      "summary.items[1]: a count_yes rule counts yes/no items only, but 'weapon_access' is a choice item",
    );
    const sum = sumDefinition();
    sum.summary.items.push('d');
    expect(problemsOf(sum)).toContainEqual(expect.stringContaining("'d' is a text item"));
  });

  it('a sum over a choice item without scores', () => {
    const def = sumDefinition();
    def.sections[0].items.push({
      id: 'e',
      type: 'choice',
      prompt: 'E?',
      options: [
        { value: 'x', label: 'X', score: 0 },
        { value: 'y', label: 'Y' },
      ],
    });
    def.summary.items.push('e');
    expect(problemsOf(def)).toContain(
      "summary.items[3]: every option of choice item 'e' needs a score to be summed",
    );
  });

  it('overlapping bands', () => {
    const def = screening();
    def.summary.bands[1] = { min: 3, max: 7, band: 'moderate' };
    expect(problemsOf(def)).toContainEqual(
      expect.stringMatching(
        /^summary\.bands\[1\]: band 'moderate' \(3 to 7\) overlaps band 'low' \(0 to 3\)/,
      ),
    );
  });

  it('bands with a gap', () => {
    const def = screening();
    def.summary.bands[1] = { min: 5, max: 7, band: 'moderate' };
    expect(problemsOf(def)).toContainEqual(expect.stringContaining('no band covers 4'));
  });

  it('bands that do not cover the possible scores', () => {
    const def = screening();
    def.summary.bands[0].min = 1;
    def.summary.bands[2].max = 10;
    const problems = problemsOf(def);
    expect(problems).toContainEqual(
      expect.stringContaining('must start at the lowest possible score, 0, but start at 1'),
    );
    expect(problems).toContainEqual(
      expect.stringContaining('must end at the highest possible score, 11, but end at 10'),
    );
    const sum = sumDefinition();
    sum.summary.bands[2].max = 9;
    expect(problemsOf(sum)).toContainEqual(
      expect.stringContaining('highest possible score, 7, but end at 9'),
    );
  });

  it('a band that ends before it starts, or on a fraction', () => {
    const def = screening();
    def.summary.bands[1] = { min: 7, max: 4, band: 'moderate' };
    expect(problemsOf(def)).toContainEqual(
      expect.stringContaining("band 'moderate' starts at 7, after it ends at 4"),
    );
    const frac = screening();
    frac.summary.bands[0].max = 3.5;
    expect(problemsOf(frac)).toContainEqual(expect.stringContaining('must start and end on whole numbers'));
  });

  it('bands out of order are refused', () => {
    const def = screening();
    def.summary.bands.reverse();
    expect(problemsOf(def).length).toBeGreaterThan(0);
  });
});

describe('scoring a valid count_yes definition', () => {
  // n yes/no items, and cut points splitting 0..n into contiguous bands
  const arbitrary = fc.integer({ min: 1, max: 25 }).chain((n) =>
    fc.record({
      n: fc.constant(n),
      cuts: fc
        .uniqueArray(fc.integer({ min: 1, max: n }), { maxLength: 2 })
        .map((c) => c.sort((a, b) => a - b)),
      sections: fc.integer({ min: 1, max: 3 }),
      answers: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    }),
  );

  it('always yields a band for any complete set of answers', () => {
    fc.assert(
      fc.property(arbitrary, ({ n, cuts, sections, answers }) => {
        const ids = Array.from({ length: n }, (_, i) => `q${i}`);
        const starts = [0, ...cuts];
        const ends = [...cuts.map((c) => c - 1), n];
        const names = ['low', 'moderate', 'high'] as const;
        const json = {
          code: 'prop-test',
          name: 'Property test',
          version: 1,
          tier: 'screening',
          sections: Array.from({ length: sections }, (_, s) => ({
            id: `s${s}`,
            title: `Section ${s}`,
            items: ids
              .filter((_, i) => i % sections === s)
              .map((id) => ({ id, type: 'yes_no', prompt: `Question ${id}?`, required: true })),
          })).filter((s) => s.items.length),
          summary: {
            kind: 'count_yes',
            items: ids,
            bands: starts.map((min, i) => ({ min, max: ends[i]!, band: names[i]! })),
          },
        };
        const result = validateDefinition(json);
        expect(result).toMatchObject({ ok: true });
        const def = (result as { definition: Definition }).definition;
        const given: Answers = Object.fromEntries(ids.map((id, i) => [id, answers[i]!]));
        const scored = computeBand(def, given);
        expect(scored.complete).toBe(true);
        expect(scored.score).toBe(answers.filter(Boolean).length);
        expect(scored.band).not.toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});
