import type { LeakCoverage, WRecord } from '../../platform/leak.js';

/**
 * The leak test's catalogue for corrections to what was recorded at referral (core): the referral's
 * page, each offence's and each victim's page, their correction and withdrawal forms, and the API.
 */
export const leak: LeakCoverage = {
  routes: [
    'GET /cases/:id/referral',
    'GET /cases/:id/referral/correct',
    'GET /api/v1/cases/:id/referral/amendments',
    'GET /api/v1/cases/:id/offences',
    'GET /cases/:id/offences/:offenceId',
    'GET /cases/:id/offences/:offenceId/correct',
    'GET /cases/:id/offences/:offenceId/withdraw',
    'GET /api/v1/cases/:id/offences/:offenceId/amendments',
    'GET /cases/:id/victims/:victimId',
    'GET /cases/:id/victims/:victimId/correct',
    'GET /cases/:id/victims/:victimId/withdraw',
    'GET /api/v1/cases/:id/victims/:victimId/amendments',
  ],
  tables: [
    { table: 'referral_amendment', kind: 'referral_amendment', key: 'id::text' },
    { table: 'case_offence_amendment', kind: 'case_offence_amendment', key: 'id::text' },
    { table: 'case_victim_amendment', kind: 'case_victim_amendment', key: 'id::text' },
  ],
  calls(k) {
    for (const c of k.world.cases) {
      const core = () => k.reads(c, 'core');
      const of = (kind: WRecord['kind'], recordId: string) => (r: WRecord) =>
        r.kind === kind && r.recordId === recordId && r.caseIds.includes(c.id);
      // the referral: its details and corrections, the standing offences in full (a withdrawn one
      // is named by its code only)
      k.addForCase(
        c,
        'GET /cases/:id/referral',
        `/cases/${c.id}/referral`,
        'session',
        (r) =>
          core() &&
          (k.inHeader(c, r) ||
            k.isKind(r, c, 'referral', 'referral_amendment') ||
            (k.isKind(r, c, 'case_offence') && !r.withdrawn)),
      );
      k.addForCase(
        c,
        'GET /api/v1/cases/:id/referral/amendments',
        `/api/v1/cases/${c.id}/referral/amendments`,
        'token',
        (r) => core() && k.isKind(r, c, 'referral_amendment'),
      );
      k.addForCase(
        c,
        'GET /api/v1/cases/:id/offences',
        `/api/v1/cases/${c.id}/offences`,
        'token',
        (r) => core() && k.isKind(r, c, 'case_offence'),
      );
      // the correction forms need core write, which the oracle does not model: nothing they show
      // may reach anyone who may not read it (no record is required of them)
      k.addForCase(
        c,
        'GET /cases/:id/referral/correct',
        `/cases/${c.id}/referral/correct`,
        'session',
        () => false,
      );
      for (const offence of k.withMarker.filter((r) => k.isKind(r, c, 'case_offence'))) {
        const own = (r: WRecord) => r === offence || of('case_offence_amendment', offence.id)(r);
        k.addForCase(
          c,
          'GET /cases/:id/offences/:offenceId',
          `/cases/${c.id}/offences/${offence.id}`,
          'session',
          (r) => core() && (k.inHeader(c, r) || own(r)),
        );
        k.addForCase(
          c,
          'GET /api/v1/cases/:id/offences/:offenceId/amendments',
          `/api/v1/cases/${c.id}/offences/${offence.id}/amendments`,
          'token',
          (r) => core() && of('case_offence_amendment', offence.id)(r),
        );
        for (const form of ['correct', 'withdraw'])
          k.addForCase(
            c,
            `GET /cases/:id/offences/:offenceId/${form}`,
            `/cases/${c.id}/offences/${offence.id}/${form}`,
            'session',
            () => false,
          );
      }
      // each victim's place on the case (a withdrawn one too): their name and corrections
      const victims = [
        ...c.caseVictimIds.map((id) => ({ id, person: null as WRecord | null })),
        ...k.withMarker
          .filter((r) => r.kind === 'person' && r.withdrawn && r.caseIds.includes(c.id) && r.caseVictimId)
          .map((person) => ({ id: person.caseVictimId!, person })),
      ];
      for (const v of victims) {
        k.addForCase(
          c,
          'GET /cases/:id/victims/:victimId',
          `/cases/${c.id}/victims/${v.id}`,
          'session',
          (r) => core() && (k.inHeader(c, r) || r === v.person || of('case_victim_amendment', v.id)(r)),
        );
        k.addForCase(
          c,
          'GET /api/v1/cases/:id/victims/:victimId/amendments',
          `/api/v1/cases/${c.id}/victims/${v.id}/amendments`,
          'token',
          (r) => core() && of('case_victim_amendment', v.id)(r),
        );
        for (const form of ['correct', 'withdraw'])
          k.addForCase(
            c,
            `GET /cases/:id/victims/:victimId/${form}`,
            `/cases/${c.id}/victims/${v.id}/${form}`,
            'session',
            () => false,
          );
      }
    }
  },
};
