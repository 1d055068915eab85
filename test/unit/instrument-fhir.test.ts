import { describe, expect, it } from 'vitest';
import type { Definition } from '../../src/modules/instruments/definition.js';
import {
  toQuestionnaire,
  toQuestionnaireResponse,
  type QuestionnaireItem,
} from '../../src/modules/instruments/fhir.js';
import { readTemplate } from '../../src/modules/instruments/templates.js';
import { validateDefinition } from '../../src/modules/instruments/validate.js';

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
    caseReference: 'c1d2e3f4-1111-4222-8333-944455556666',
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
      subject: { reference: `Case/${assessment.caseReference}` },
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
    const text = JSON.stringify(r);
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
        text: 'Band from the summary rule',
        answer: [{ valueCoding: { system: 'urn:recolo:rating', code: 'low', display: 'Low' } }],
      },
    ]);
  });
});
