import type { LeakCoverage, WRecord } from '../../platform/leak.js';

/** The leak test's catalogue for structured risk assessments (the risk compartment). */
export const leak: LeakCoverage = {
  routes: [
    'GET /cases/:id/assessments',
    'GET /api/v1/cases/:id/assessments',
    'GET /cases/:id/assessments/new',
    'GET /cases/:id/assessments/:aid',
    'GET /api/v1/cases/:id/assessments/:aid',
    'GET /api/v1/cases/:id/assessments/:aid/fhir',
    'GET /cases/:id/assessments/:aid/sections/:sectionId',
    'GET /cases/:id/assessments/:aid/summary',
  ],
  tables: [
    { table: 'risk_assessment', kind: 'risk_assessment', key: 'id::text' },
    { table: 'risk_rating', kind: 'risk_rating', key: 'id::text' },
    { table: 'risk_assessment_addendum', kind: 'risk_assessment_addendum', key: 'id::text' },
  ],
  calls(k) {
    for (const c of k.world.cases) {
      const risk = () => k.reads(c, 'risk');
      const ratingOf = (r: WRecord, a: WRecord) =>
        k.isKind(r, c, 'risk_rating') && r.assessmentId === a.id && k.may(r);
      // the list: instrument, assessor and dates (no text of the record's own); the API gives the
      // co-assessor
      k.addForCase(
        c,
        'GET /cases/:id/assessments',
        `/cases/${c.id}/assessments`,
        'session',
        (r) => risk() && k.inHeader(c, r),
      );
      k.addForCase(
        c,
        'GET /api/v1/cases/:id/assessments',
        `/api/v1/cases/${c.id}/assessments`,
        'token',
        (r) => risk() && k.isKind(r, c, 'risk_assessment') && k.may(r),
      );
      // starting an assessment: a form that shows only the case header
      k.addForCase(
        c,
        'GET /cases/:id/assessments/new',
        `/cases/${c.id}/assessments/new`,
        'session',
        () => false,
      );
      for (const a of k.withMarker.filter((r) => k.isKind(r, c, 'risk_assessment'))) {
        // one assessment: its co-assessor, override reason and plan; ratings with their rationale;
        // addenda
        const own = (r: WRecord) =>
          (r === a ||
            (k.isKind(r, c, 'risk_rating', 'risk_assessment_addendum') && r.assessmentId === a.id)) &&
          k.may(r);
        k.addForCase(
          c,
          'GET /cases/:id/assessments/:aid',
          `/cases/${c.id}/assessments/${a.id}`,
          'session',
          (r) => risk() && (k.inHeader(c, r) || own(r)),
        );
        k.addForCase(
          c,
          'GET /api/v1/cases/:id/assessments/:aid',
          `/api/v1/cases/${c.id}/assessments/${a.id}`,
          'token',
          (r) => risk() && own(r),
        );
        if (!a.draft) {
          // the FHIR QuestionnaireResponse of a completed assessment: the override reason and each
          // rating's rationale (not the addenda; no person named, its subject is the case by reference)
          k.addForCase(
            c,
            'GET /api/v1/cases/:id/assessments/:aid/fhir',
            `/api/v1/cases/${c.id}/assessments/${a.id}/fhir`,
            'token',
            (r) => risk() && (r === a || r === k.caseRecord(c) || ratingOf(r, a)),
          );
        } else {
          // a draft's forms (a section; the typology, override and plan): for those who write risk,
          // checked for leaks only (the oracle knows who reads, not who writes)
          k.addForCase(
            c,
            'GET /cases/:id/assessments/:aid/sections/:sectionId',
            `/cases/${c.id}/assessments/${a.id}/sections/violence`,
            'session',
            () => false,
          );
          k.addForCase(
            c,
            'GET /cases/:id/assessments/:aid/summary',
            `/cases/${c.id}/assessments/${a.id}/summary`,
            'session',
            () => false,
          );
        }
      }
      // ...and an assessment of another case asked for under this one: never anything of it
      const foreign = k.withMarker.find((r) => r.kind === 'risk_assessment' && !r.caseIds.includes(c.id));
      if (foreign) {
        k.addForCase(
          c,
          'GET /cases/:id/assessments/:aid (assessment of another case)',
          `/cases/${c.id}/assessments/${foreign.id}`,
          'session',
          () => false,
        );
        k.addForCase(
          c,
          'GET /api/v1/cases/:id/assessments/:aid/fhir (assessment of another case)',
          `/api/v1/cases/${c.id}/assessments/${foreign.id}/fhir`,
          'token',
          () => false,
        );
      }
    }
  },
};
