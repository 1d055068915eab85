import { beforeAll, describe, expect, it } from 'vitest';
import type { Definition } from '../../src/modules/instruments/definition.js';
import {
  toQuestionnaire,
  toQuestionnaireResponse,
  type QuestionnaireItem,
} from '../../src/modules/instruments/fhir.js';
import { readTemplate } from '../../src/modules/instruments/templates.js';
import { validateDefinition } from '../../src/modules/instruments/validate.js';
import {
  fhirSchemaErrors,
  isR4LiteralReference,
  loadFhirSchema,
  questionnaireProblems,
  responseConformanceErrors,
  responseInvariantErrors,
  responseProblems,
} from '../support/fhir.js';

function template(file: 'screening-template.json' | 'spj-template.json'): Definition {
  const result = validateDefinition(readTemplate(file));
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.definition;
}

const ID = '0b6f1d2e-7c1a-4f3e-9a55-2b1c3d4e5f60';
const PUBLISHED = new Date('2026-02-01T09:30:00Z');

const byLink = (items: QuestionnaireItem[] | undefined, linkId: string) =>
  items?.find((i) => i.linkId === linkId);

describe('a definition as a FHIR R4 Questionnaire', () => {
  it('the screening template: metadata, one group per section, boolean items, no typology', () => {
    const q = toQuestionnaire(template('screening-template.json'), { id: ID, publishedAt: PUBLISHED });
    expect(q).toMatchObject({
      resourceType: 'Questionnaire',
      id: ID,
      url: 'urn:recolo:instrument:recolo-screening-template',
      version: '1',
      name: 'RecoloScreeningTemplate',
      title: 'Recolo screening template',
      status: 'active',
      experimental: true,
      date: '2026-02-01T09:30:00.000Z',
      description: 'template: replace with your licensed wording',
    });
    expect(q.name).toMatch(/^[A-Z]([A-Za-z0-9_]){0,254}$/);
    expect(q.item.map((i) => i.linkId)).toEqual(['section.conduct', 'section.person', 'assessment.summary']);
    const questions = q.item.filter((i) => i.linkId.startsWith('section.')).flatMap((g) => g.item ?? []);
    expect(questions).toHaveLength(11);
    expect(questions.every((i) => i.type === 'boolean' && i.required === true)).toBe(true);
    expect(byLink(byLink(q.item, 'assessment.summary')?.item, 'summary.computed_band')).toMatchObject({
      type: 'choice',
      readOnly: true,
    });
    // linkIds are unique across the whole questionnaire
    const all: string[] = [];
    const walk = (items: QuestionnaireItem[] = []) =>
      items.forEach((i) => {
        all.push(i.linkId);
        walk(i.item);
      });
    walk(q.item);
    expect(new Set(all).size).toBe(all.length);
  });

  it('the SPJ template: the typology question, and each item type mapped', () => {
    const def = template('spj-template.json');
    const q = toQuestionnaire(def, { id: ID, publishedAt: PUBLISHED });
    expect(q.item[0]).toMatchObject({ linkId: 'assessment.typology', type: 'choice', required: true });
    expect(q.item[0]!.answerOption).toHaveLength(5);
    expect(q.item[0]!.answerOption![2]).toEqual({
      valueCoding: { code: 'intimacy_seeking', display: 'Intimacy seeking' },
    });
    const groups = q.item.filter((i) => i.type === 'group' && i.linkId.startsWith('section.'));
    expect(groups.map((g) => g.linkId)).toEqual([
      'section.violence',
      'section.persistence',
      'section.recurrence',
      'section.psychosocial_damage',
    ]);
    const persistence = groups[1]!.item!;
    expect(byLink(persistence, 'conduct_began')).toMatchObject({ type: 'date', required: true });
    expect(byLink(persistence, 'contact_frequency')).toMatchObject({
      type: 'integer',
      extension: [
        { url: 'http://hl7.org/fhir/StructureDefinition/minValue', valueInteger: 0 },
        { url: 'http://hl7.org/fhir/StructureDefinition/maxValue', valueInteger: 4 },
      ],
    });
    expect(byLink(persistence, 'response_to_sanctions')?.answerOption?.[0]).toEqual({
      valueCoding: { code: 'stopped', display: 'Stopped' },
    });
    expect(byLink(persistence, 'persistence_notes')).toMatchObject({ type: 'text', maxLength: 4000 });
    expect(byLink(groups[0]!.item, 'threats_made')).toMatchObject({ type: 'boolean', required: true });
    const summary = byLink(q.item, 'assessment.summary')!;
    expect(summary.item!.map((i) => i.linkId)).toEqual([
      'summary.violence',
      'summary.persistence',
      'summary.recurrence',
      'summary.psychosocial_damage',
      'summary.override_band',
      'summary.override_reason',
    ]);
  });
});

describe('an assessment as a FHIR R4 QuestionnaireResponse', () => {
  const def = template('spj-template.json');
  const assessment = {
    id: '5a1e7f3c-2b4d-4e6f-8a9b-0c1d2e3f4a5b',
    caseReference: 'HAM-000004',
    status: 'completed' as const,
    answers: {
      threats_made: true,
      violence_history: false,
      weapon_access: 'suspected',
      violence_notes: 'Threats by text message in March.',
      conduct_began: '2025-11-03',
      contact_frequency: 3,
      previous_episodes: false,
      life_impact: 'some',
      self_harm_concern: false,
      accepts_unwanted: null,
    },
    typology: 'rejected',
    completedAt: new Date('2026-03-10T15:00:00Z'),
    assessorName: 'Dr Example Assessor',
    ratings: [
      { domain: 'violence', rating: 'moderate' as const, rationale: 'Threats, no known violence.' },
      { domain: 'persistence', rating: 'high' as const, rationale: 'Contact continues after warning.' },
    ],
    computedBand: null,
    overrideBand: 'high' as const,
    overrideReason: 'Persistence outweighs the other domains.',
  };

  it('refers to the questionnaire version, the case and the assessor, with typed answers', () => {
    const r = toQuestionnaireResponse(def, assessment);
    expect(r).toMatchObject({
      resourceType: 'QuestionnaireResponse',
      id: assessment.id,
      questionnaire: 'urn:recolo:instrument:recolo-spj-template|1',
      status: 'completed',
      subject: { identifier: { system: 'urn:recolo:case', value: 'HAM-000004' } },
      authored: '2026-03-10T15:00:00.000Z',
      author: { display: 'Dr Example Assessor' },
    });
    expect(r.item[0]).toEqual({
      linkId: 'assessment.typology',
      text: 'Typology',
      answer: [{ valueCoding: { code: 'rejected', display: 'Rejected' } }],
    });
    const answers = Object.fromEntries(
      r.item
        .filter((i) => i.linkId.startsWith('section.'))
        .flatMap((g) => g.item!.map((i) => [i.linkId, i.answer![0]])),
    );
    expect(answers).toEqual({
      threats_made: { valueBoolean: true },
      violence_history: { valueBoolean: false },
      weapon_access: { valueCoding: { code: 'suspected', display: 'Suspected' } },
      violence_notes: { valueString: 'Threats by text message in March.' },
      conduct_began: { valueDate: '2025-11-03' },
      contact_frequency: { valueInteger: 3 },
      previous_episodes: { valueBoolean: false },
      life_impact: { valueCoding: { code: 'some', display: 'Somewhat' } },
      self_harm_concern: { valueBoolean: false },
    });
    const summary = r.item.find((i) => i.linkId === 'assessment.summary')!;
    expect(summary.item!.map((i) => i.linkId)).toEqual([
      'summary.violence',
      'summary.persistence',
      'summary.override_band',
      'summary.override_reason',
    ]);
    expect(summary.item![1]!.item![0]!.answer![0]).toMatchObject({
      valueCoding: { code: 'high', display: 'High' },
    });
    expect(summary.item![2]!.answer![0]).toMatchObject({ valueCoding: { code: 'high' } });
  });

  it('carries no identifier of a person: the subject is the case only', () => {
    const r = toQuestionnaireResponse(def, assessment);
    const { subject, ...rest } = r;
    expect(subject).toEqual({ identifier: { system: 'urn:recolo:case', value: 'HAM-000004' } });
    const text = JSON.stringify(rest);
    expect(text).not.toMatch(/identifier|nhs|birthDate|"name"|Patient\//i);
    expect(Object.keys(r).sort()).toEqual(
      ['author', 'authored', 'id', 'item', 'questionnaire', 'resourceType', 'status', 'subject'].sort(),
    );
  });

  it('a draft is in-progress; a screening response carries its computed band', () => {
    const screening = template('screening-template.json');
    const r = toQuestionnaireResponse(screening, {
      ...assessment,
      status: 'draft',
      completedAt: null,
      typology: null,
      answers: { victim_afraid: true, escalation: false },
      ratings: [],
      computedBand: 'low',
      overrideBand: null,
      overrideReason: null,
    });
    expect(r.status).toBe('in-progress');
    expect(r.authored).toBeUndefined();
    expect(r.item.map((i) => i.linkId)).toEqual(['section.conduct', 'assessment.summary']);
    expect(r.item[1]!.item).toEqual([
      {
        linkId: 'summary.computed_band',
        text: 'Band from the count of yes answers',
        answer: [{ valueCoding: { system: 'urn:recolo:rating', code: 'low', display: 'Low' } }],
      },
    ]);
  });
});

describe('the exports are valid FHIR R4 (official JSON schema, invariants, the response against its Questionnaire)', () => {
  const spj = template('spj-template.json');
  const screening = template('screening-template.json');
  beforeAll(loadFhirSchema, 120_000);
  const questionnaire = (def: Definition) => toQuestionnaire(def, { id: ID, publishedAt: PUBLISHED });
  const completedSpj = {
    id: '5a1e7f3c-2b4d-4e6f-8a9b-0c1d2e3f4a5b',
    caseReference: 'HAM-000004',
    status: 'completed' as const,
    answers: {
      threats_made: true,
      violence_history: false,
      weapon_access: 'suspected',
      conduct_began: '2025-11-03',
      contact_frequency: 3,
      previous_episodes: false,
      life_impact: 'some',
      self_harm_concern: false,
    },
    typology: 'rejected',
    completedAt: new Date('2026-03-10T15:00:00Z'),
    assessorName: 'Dr Example Assessor',
    ratings: [{ domain: 'violence', rating: 'moderate' as const, rationale: 'Threats, no known violence.' }],
    computedBand: null,
    overrideBand: 'high' as const,
    overrideReason: 'Persistence outweighs the other domains.',
  };
  const screeningDraft = {
    ...completedSpj,
    status: 'draft' as const,
    completedAt: null,
    typology: null,
    answers: { victim_afraid: true, escalation: false },
    ratings: [],
    computedBand: 'low' as const,
    overrideBand: null,
    overrideReason: null,
  };

  it.each([
    ['the SPJ template', spj],
    ['the screening template', screening],
  ])('%s as a Questionnaire: schema and que- invariants', (_name, def) => {
    expect(questionnaireProblems(questionnaire(def))).toEqual([]);
  });

  it('a completed SPJ response and a screening draft: schema, qrs- invariants, and conformance', () => {
    expect(responseProblems(questionnaire(spj), toQuestionnaireResponse(spj, completedSpj))).toEqual([]);
    expect(
      responseProblems(questionnaire(screening), toQuestionnaireResponse(screening, screeningDraft)),
    ).toEqual([]);
  });

  it("summary.computed_band has the Questionnaire's text (the HL7 validator's QUESTIONNAIRE_QR_ITEM_TEXT)", () => {
    const q = questionnaire(screening);
    const r = toQuestionnaireResponse(screening, screeningDraft);
    const text = (
      items: { linkId: string; text?: string; item?: unknown[] }[] | undefined,
    ): string | undefined =>
      items?.find((i) => i.linkId === 'assessment.summary')?.item?.length
        ? (
            items.find((i) => i.linkId === 'assessment.summary')!.item as { linkId: string; text?: string }[]
          ).find((i) => i.linkId === 'summary.computed_band')?.text
        : undefined;
    expect(text(r.item)).toBe('Band from the count of yes answers');
    expect(text(r.item)).toBe(text(q.item));
    expect(responseConformanceErrors(q, r)).toEqual([]);
  });

  it('the subject is a valid R4 Reference: an identifier in a Recolo system, not Case/HAM-000004', () => {
    const r = toQuestionnaireResponse(spj, completedSpj);
    expect(r.subject).toEqual({ identifier: { system: 'urn:recolo:case', value: 'HAM-000004' } });
    expect(responseInvariantErrors(r)).toEqual([]);
    // what was exported before: R4 has no resource type Case
    expect(isR4LiteralReference('Case/HAM-000004')).toBe(false);
    expect(responseInvariantErrors({ ...r, subject: { reference: 'Case/HAM-000004' } })).toEqual([
      'subject: Case/HAM-000004 is not a valid R4 reference',
    ]);
    expect(isR4LiteralReference('Group/HAM-000004')).toBe(true);
  });

  it('never exports a date answer FHIR cannot carry or the record cannot hold (0000-01-01)', () => {
    for (const bad of ['0000-01-01', '1899-12-31', '2025-02-30', '2025-1-3']) {
      const r = toQuestionnaireResponse(spj, {
        ...completedSpj,
        status: 'draft',
        answers: { ...completedSpj.answers, conduct_began: bad },
      });
      expect(JSON.stringify(r)).not.toContain(bad);
      expect(fhirSchemaErrors(r)).toEqual([]);
    }
    // the schema itself refuses year 0000, which is why it must never get out
    const r = toQuestionnaireResponse(spj, completedSpj);
    const withYearZero = JSON.parse(JSON.stringify(r).replace('2025-11-03', '0000-01-01')) as typeof r;
    expect(fhirSchemaErrors(withYearZero).join('\n')).toMatch(/valueDate must match pattern/);
  });

  it('the checks find what the HL7 validator finds', () => {
    const q = questionnaire(spj);
    const r = toQuestionnaireResponse(spj, completedSpj);
    const broken = JSON.parse(JSON.stringify(r)) as typeof r;
    broken.item[0]!.text = 'Kind of stalker';
    broken.item.splice(1, 1); // the violence section, with required answers
    expect(responseConformanceErrors(q, broken)).toEqual(
      expect.arrayContaining([
        'QUESTIONNAIRE_QR_ITEM_TEXT: assessment.typology has "Kind of stalker", not "Typology"',
      ]),
    );
    const dup = JSON.parse(JSON.stringify(r)) as typeof r;
    dup.item[1]!.item!.push({ ...dup.item[1]!.item![0]! });
    expect(responseInvariantErrors(dup)).toEqual([expect.stringMatching(/^qrs-2:/)]);
    const badQ = {
      ...q,
      name: 'recolo spj',
      item: [...q.item, { linkId: 'x', text: 'x', type: 'group' as const }],
    };
    expect(questionnaireProblems(badQ)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^que-0:/), expect.stringMatching(/^que-1:/)]),
    );
  });
});
