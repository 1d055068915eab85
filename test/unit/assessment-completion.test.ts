import { describe, expect, it } from 'vitest';
import {
  cleanPlan,
  completionProblems,
  parseSectionForm,
  recommendsFullAssessment,
  sectionStatus,
  type AssessmentState,
} from '../../src/modules/assessments/completion.js';
import { definitionSchema } from '../../src/modules/instruments/definition.js';

const def = definitionSchema.parse({
  code: 'unit-spj',
  name: 'Unit judgement tool',
  version: 1,
  tier: 'spj',
  typologies: [{ value: 'rejected', label: 'Rejected' }],
  sections: [
    {
      id: 'violence',
      title: 'Stalking violence',
      rated: true,
      items: [
        { id: 'threats', prompt: 'Threats made', type: 'yes_no', required: true },
        { id: 'severity', prompt: 'Severity', type: 'scale', min: 0, max: 4 },
        { id: 'seen', prompt: 'First seen', type: 'date' },
        {
          id: 'kind',
          prompt: 'Kind of contact',
          type: 'choice',
          options: [
            { value: 'online', label: 'Online' },
            { value: 'in_person', label: 'In person' },
          ],
        },
      ],
    },
    {
      id: 'notes',
      title: 'Notes',
      items: [{ id: 'free', prompt: 'Anything else', type: 'text', maxLength: 10 }],
    },
  ],
  summary: { kind: 'professional_judgement' },
});

const TODAY = '2026-03-04';

const complete: AssessmentState = {
  answers: { threats: true },
  ratings: { violence: { rating: 'high', rationale: 'Explicit threats' } },
  typology: 'rejected',
  overrideBand: null,
  overrideReason: null,
  planActions: [{ action: 'Weekly supervision', owner: 'Probation' }],
  nextReviewDate: '2026-06-01',
};

const fields = (state: AssessmentState) => completionProblems(def, state, TODAY).map((p) => p.field);

describe('completing an assessment', () => {
  it('has no problems when everything is there', () => {
    expect(completionProblems(def, complete, TODAY)).toEqual([]);
  });

  it('lists every problem at once, in page order, naming each', () => {
    const problems = completionProblems(
      def,
      {
        answers: {},
        ratings: { violence: { rating: 'high' } },
        typology: null,
        overrideBand: 'moderate',
        overrideReason: '  ',
        planActions: [],
        nextReviewDate: null,
      },
      TODAY,
    );
    expect(problems).toEqual([
      {
        field: 'answers.threats',
        message: 'Answer “Threats made” in Stalking violence',
        sectionId: 'violence',
      },
      {
        field: 'ratings.violence.rationale',
        message: 'Give the rationale for the Stalking violence rating',
        sectionId: 'violence',
      },
      { field: 'typology', message: 'Select the stalker typology' },
      { field: 'overrideReason', message: 'Give the reason for overriding the computed band' },
      {
        field: 'planActions',
        message: 'Add at least one action to the risk management plan, with who does it',
      },
      { field: 'nextReviewDate', message: 'Enter the next review date' },
    ]);
  });

  it('needs a rating as well as a rationale for each rated domain', () => {
    expect(fields({ ...complete, ratings: { violence: { rationale: 'Because' } } })).toEqual([
      'ratings.violence.rating',
    ]);
    expect(fields({ ...complete, ratings: {} })).toEqual([
      'ratings.violence.rating',
      'ratings.violence.rationale',
    ]);
  });

  it('needs a reason for an override, and a band for a reason', () => {
    expect(fields({ ...complete, overrideBand: 'low', overrideReason: 'Protective factors' })).toEqual([]);
    expect(fields({ ...complete, overrideBand: null, overrideReason: 'A reason' })).toEqual(['overrideBand']);
  });

  it('needs each plan action to have an owner, and ignores blank rows', () => {
    expect(
      fields({
        ...complete,
        planActions: [
          { action: '', owner: '' },
          { action: 'Review medication', owner: '' },
        ],
      }),
    ).toEqual(['planActions.0.owner']);
    expect(
      cleanPlan([
        { action: ' ', owner: '' },
        { action: 'A', owner: ' B ' },
      ]),
    ).toEqual([{ action: 'A', owner: 'B' }]);
  });

  it('needs a real review date, today or later', () => {
    expect(fields({ ...complete, nextReviewDate: TODAY })).toEqual([]);
    expect(completionProblems(def, { ...complete, nextReviewDate: '2026-03-03' }, TODAY)[0]?.message).toBe(
      'The next review date must be today or in the future',
    );
    expect(fields({ ...complete, nextReviewDate: '2026-02-30' })).toEqual(['nextReviewDate']);
  });

  it('refuses a stored answer that does not fit its item', () => {
    expect(fields({ ...complete, answers: { threats: true, severity: 7 } })).toEqual(['answers.severity']);
  });
});

describe('reading a section form', () => {
  const violence = def.sections[0]!;

  it('turns form values into answers, blanks into unanswered', () => {
    const form = parseSectionForm(violence, {
      'q-threats': 'no',
      'q-severity': '2',
      'q-seen-day': '4',
      'q-seen-month': '3',
      'q-seen-year': '2025',
      'q-kind': '',
      rating: 'moderate',
      rationale: ' Some reasoning ',
    });
    expect(form.problems).toEqual([]);
    expect(form.answers).toEqual({ threats: false, severity: 2, seen: '2025-03-04', kind: null });
    expect(form.rating).toEqual({ rating: 'moderate', rationale: 'Some reasoning' });
  });

  it('names values that cannot be answers', () => {
    const form = parseSectionForm(violence, {
      'q-threats': 'maybe',
      'q-severity': '5',
      'q-seen-day': '31',
      'q-seen-month': '2',
      'q-seen-year': '2025',
      'q-kind': 'by_post',
      rating: 'extreme',
    });
    expect(form.problems.map((p) => p.field)).toEqual([
      'q-threats',
      'q-severity',
      'q-seen-day',
      'q-kind',
      'rating',
    ]);
    expect(form.problems[1]!.message).toBe('The answer to “Severity” must be a whole number from 0 to 4');
  });

  it('checks the length of text answers', () => {
    expect(parseSectionForm(def.sections[1]!, { 'q-free': 'x'.repeat(11) }).problems[0]!.message).toContain(
      '10 characters or fewer',
    );
  });
});

describe('section status and escalation', () => {
  const violence = def.sections[0]!;
  it('is not started, in progress, or completed', () => {
    expect(sectionStatus(violence, { answers: {}, ratings: {} })).toBe('not_started');
    expect(sectionStatus(violence, { answers: { threats: true }, ratings: {} })).toBe('in_progress');
    expect(
      sectionStatus(violence, {
        answers: { threats: true },
        ratings: { violence: { rating: 'low', rationale: 'x' } },
      }),
    ).toBe('completed');
  });

  it('recommends a full assessment after moderate or high screening only', () => {
    expect(recommendsFullAssessment('screening', 'moderate')).toBe(true);
    expect(recommendsFullAssessment('screening', 'high')).toBe(true);
    expect(recommendsFullAssessment('screening', 'low')).toBe(false);
    expect(recommendsFullAssessment('spj', 'high')).toBe(false);
  });
});
