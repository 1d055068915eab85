import { describe, expect, it } from 'vitest';
import {
  classifyChange,
  criterionC,
  reliableChangeIndex,
  sDiff,
  standardError,
  type Norms,
} from '../../src/modules/treatment/reliable-change.js';
import {
  scoreMeasure,
  validateFormulationTemplate,
  validateOutcomeMeasure,
} from '../../src/modules/treatment/definitions.js';
import {
  CLINICAL_TEMPLATE_FILES,
  checkClinicalTemplate,
  readClinicalTemplate,
} from '../../src/modules/treatment/templates.js';
import {
  agenciesStillToAgree,
  dischargeKindProblem,
  everyAgencyAgreed,
  NO_ASSESSMENT_MESSAGE,
  planProblem,
} from '../../src/modules/treatment/rules.js';

// Worked example: a measure where higher is worse, reliability .88, clinical population mean 24
// (SD 7.5), functional population mean 10 (SD 6) — the wellbeing template's figures.
const norms: Norms = {
  reliability: 0.88,
  clinical: { mean: 24, sd: 7.5 },
  functional: { mean: 10, sd: 6 },
  higherIsWorse: true,
};

describe('reliable change (Jacobson & Truax 1991)', () => {
  it('computes SE, S_diff, the RCI and criterion c from the worked numbers', () => {
    // SE = 7.5 × √(1 − .88) = 7.5 × 0.34641 = 2.5981
    expect(standardError(norms)).toBeCloseTo(2.5981, 4);
    // S_diff = √(2 × 2.5981²) = 3.6742
    expect(sDiff(norms)).toBeCloseTo(3.6742, 4);
    // RCI from 30 to 20 = −10 / 3.6742 = −2.7217
    expect(reliableChangeIndex(30, 20, norms)).toBeCloseTo(-2.7217, 4);
    // c = (6 × 24 + 7.5 × 10) / (6 + 7.5) = 219 / 13.5 = 16.2222
    expect(criterionC(norms)).toBeCloseTo(16.2222, 4);
  });

  it('says recovered when the improvement is reliable and the score crosses c', () => {
    const change = classifyChange(30, 12, norms);
    expect(change.rci).toBeCloseTo(-4.899, 3);
    expect(change.reliable).toBe(true);
    expect(change.functionalAfter).toBe(true);
    expect(change.category).toBe('recovered');
  });

  it('says improved when the improvement is reliable but the score stays above c', () => {
    expect(classifyChange(30, 20, norms).category).toBe('improved');
  });

  it('says no reliable change inside ±1.96', () => {
    // −7 / 3.6742 = −1.905
    const change = classifyChange(30, 23, norms);
    expect(change.rci).toBeCloseTo(-1.9052, 4);
    expect(change.category).toBe('no_reliable_change');
  });

  it('says deteriorated when the score rises reliably', () => {
    expect(classifyChange(20, 28, norms).category).toBe('deteriorated');
  });

  it('turns round for a measure where higher is better', () => {
    const better: Norms = {
      reliability: 0.9,
      clinical: { mean: 40, sd: 10 },
      functional: { mean: 60, sd: 8 },
      higherIsWorse: false,
    };
    // S_diff = 10 × √.1 × √2 = 4.4721; c = (8 × 40 + 10 × 60) / 18 = 51.111
    expect(sDiff(better)).toBeCloseTo(4.4721, 4);
    expect(criterionC(better)).toBeCloseTo(51.1111, 4);
    expect(classifyChange(38, 55, better).category).toBe('recovered');
    expect(classifyChange(38, 48, better).category).toBe('improved');
    expect(classifyChange(50, 40, better).category).toBe('deteriorated');
  });
});

describe('clinical templates', () => {
  it('ships templates that validate, each marked as a template', () => {
    for (const file of CLINICAL_TEMPLATE_FILES) {
      const c = checkClinicalTemplate(readClinicalTemplate(file));
      expect(c.ok, file).toBe(true);
      if (c.ok) expect(c.template).toBe(true);
    }
    const m = validateOutcomeMeasure(readClinicalTemplate('outcome-wellbeing-template.json'));
    expect(m.ok && m.definition.instrument.name).toMatch(/template: replace with licensed measure/);
  });

  it('refuses an outcome measure scored other than by a sum, or with norms the wrong way round', () => {
    const json = readClinicalTemplate('outcome-wellbeing-template.json') as {
      instrument: { summary: unknown };
      norms: { higherIsWorse: boolean };
    };
    const judged = {
      ...json,
      instrument: { ...json.instrument, summary: { kind: 'professional_judgement' } },
    };
    expect(validateOutcomeMeasure(judged)).toEqual({
      ok: false,
      problems: ['instrument.summary.kind: an outcome measure is scored by a sum'],
    });
    const flipped = { ...json, norms: { ...json.norms, higherIsWorse: false } };
    const r = validateOutcomeMeasure(flipped);
    expect(r.ok).toBe(false);
  });

  it('refuses a formulation template with a section id twice', () => {
    const json = readClinicalTemplate('formulation-template.json') as { sections: { id: string }[] };
    const twice = { ...json, sections: [...json.sections, json.sections[0]] };
    expect(validateFormulationTemplate(twice)).toEqual({
      ok: false,
      problems: ["sections: the id 'presenting' is used twice"],
    });
  });

  it('sums the answers with the instrument engine, and names the items not answered', () => {
    const m = validateOutcomeMeasure(readClinicalTemplate('outcome-rumination-template.json'));
    if (!m.ok) throw new Error('template invalid');
    const all = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`q${i + 1}`, 3]));
    expect(scoreMeasure(m.definition, all)).toEqual({ ok: true, score: 24 });
    const { q2: _skip, ...some } = all;
    expect(scoreMeasure(m.definition, some)).toEqual({ ok: false, missing: ['q2'] });
  });
});

describe('intervention rules', () => {
  it('refuses a plan without a completed risk assessment', () => {
    expect(planProblem(0)).toBe(NO_ASSESSMENT_MESSAGE);
    expect(planProblem(1)).toBeNull();
  });

  it('needs a reason for an unplanned discharge, and none for a planned one', () => {
    expect(dischargeKindProblem('unplanned', null)).toBe('Select why the discharge was unplanned');
    expect(dischargeKindProblem('unplanned', 'disengaged')).toBeNull();
    expect(dischargeKindProblem('planned', 'disengaged')).toBe('A planned discharge has no unplanned reason');
    expect(dischargeKindProblem('planned', null)).toBeNull();
  });

  it('lets the case close only when every agency on the team agreed (not the programme)', () => {
    const team = [
      { agency_id: 'police', agency_kind: 'police', agency_name: 'Police' },
      { agency_id: 'police', agency_kind: 'police', agency_name: 'Police' },
      { agency_id: 'nhs', agency_kind: 'health', agency_name: 'NHS' },
      { agency_id: 'prog', agency_kind: 'programme', agency_name: 'Programme' },
    ];
    expect(agenciesStillToAgree(team, ['police'])).toEqual([{ id: 'nhs', name: 'NHS' }]);
    expect(everyAgencyAgreed(team, ['police'])).toBe(false);
    expect(everyAgencyAgreed(team, ['police', 'nhs'])).toBe(true);
    expect(everyAgencyAgreed(team, [])).toBe(false);
  });
});
