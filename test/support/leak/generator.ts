import fc from 'fast-check';
import { ROLES, type Role } from '../../../src/platform/auth/users.js';
import {
  CASE_STATUSES,
  INVESTIGATION_STATUSES,
  type AcceptedMode,
  type CaseStatus,
  type InvestigationStatus,
} from '../../../src/modules/cases/rules.js';

/**
 * The shape of one randomly generated world, before it is written to a database: plain data with
 * indices (no ids), so fast-check can print it, replay it from its seed, and shrink it if asked.
 * Seeding (./seed.ts) turns it into rows with ids and a unique marker string in every record.
 */

export const SITE_COUNT = 2;

/** the roles that can be on a case team through the product (the site coordinator allocates them) */
export const CASE_TEAM_ROLES: readonly Role[] = [
  'stalking_coordinator',
  'investigating_officer',
  'probation_practitioner',
  'forensic_psychiatrist',
  'clinical_psychologist',
  'forensic_psychologist',
  'occupational_therapist',
  'stalking_advocate',
];

export const RELATIONSHIPS = [
  'ex_intimate',
  'acquaintance',
  'stranger',
  'work',
  'family',
  'public_figure',
] as const;

export type UserSpec = { role: Role; sites: number[] };

export type VictimSpec = {
  /** null: a new person; otherwise (an index into) a victim of an earlier case, linked here too */
  reuse: number | null;
  relationship: (typeof RELATIONSHIPS)[number];
  /** whether the advocate has recorded (encrypted) contact details for this victim */
  contact: boolean;
};

export type GrantSpec = { user: number; active: boolean; hoursFromNow: number };

export type CaseSpec = {
  site: number;
  status: CaseStatus;
  acceptedMode: AcceptedMode | null;
  investigationStatus: InvestigationStatus;
  victims: VictimSpec[];
  offences: number;
  statusEvents: number;
  riskPlans: number;
  clinicalNotes: number;
  intelligence: number;
  /** user indices: case-team roles, almost always staff at the case's site */
  team: number[];
  /** break-glass grants for users not on the team; some expired, some active */
  grants: GrantSpec[];
};

export type WorldSpec = { nonce: number; users: UserSpec[]; cases: CaseSpec[] };

const siteSet = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom([0], [1]) },
  { weight: 1, arbitrary: fc.constant([0, 1]) },
);

/** every role at least once, some twice; each user at one or both sites; a coordinator at each site */
const usersArb: fc.Arbitrary<UserSpec[]> = fc
  .tuple(...ROLES.map((role) => fc.array(siteSet, { minLength: 1, maxLength: 2 }).map((s) => ({ role, s }))))
  .map((perRole) => {
    const users: UserSpec[] = perRole.flatMap(({ role, s }) =>
      s.map((sites) => ({ role, sites: [...sites] })),
    );
    for (let site = 0; site < SITE_COUNT; site += 1) {
      const coordinators = users.filter((u) => u.role === 'site_coordinator');
      if (!coordinators.some((u) => u.sites.includes(site))) coordinators[0]!.sites.push(site);
    }
    for (const u of users) u.sites.sort();
    return users;
  });

const statusArb: fc.Arbitrary<{
  status: CaseStatus;
  acceptedMode: AcceptedMode | null;
  investigationStatus: InvestigationStatus;
}> = fc
  .record({
    status: fc.constantFrom(...CASE_STATUSES),
    mode: fc.constantFrom<AcceptedMode>('consultation', 'intervention'),
    closedWithMode: fc.boolean(),
    investigationStatus: fc.constantFrom(...INVESTIGATION_STATUSES),
  })
  .map(({ status, mode, closedWithMode, investigationStatus }) => {
    // while under police investigation the health team gives consultation only
    const m: AcceptedMode = investigationStatus === 'under_investigation' ? 'consultation' : mode;
    const acceptedMode =
      status === 'accepted' || status === 'active' ? m : status === 'closed' && closedWithMode ? m : null;
    return { status, acceptedMode, investigationStatus };
  });

const victimArb: fc.Arbitrary<VictimSpec> = fc.record({
  reuse: fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat(1000) }),
  relationship: fc.constantFrom(...RELATIONSHIPS),
  contact: fc.boolean(),
});

function caseArb(users: UserSpec[], site: number): fc.Arbitrary<CaseSpec> {
  const teamRole = (i: number) => CASE_TEAM_ROLES.includes(users[i]!.role);
  const indices = users.map((_, i) => i);
  const atSite = indices.filter((i) => teamRole(i) && users[i]!.sites.includes(site));
  // someone left the site but is still on the team: they must lose access
  const elsewhere = indices.filter((i) => teamRole(i) && !users[i]!.sites.includes(site));
  return fc
    .record({
      s: statusArb,
      victims: fc.array(victimArb, { minLength: 1, maxLength: 2 }),
      offences: fc.integer({ min: 1, max: 2 }),
      statusEvents: fc.integer({ min: 1, max: 2 }),
      riskPlans: fc.integer({ min: 1, max: 2 }),
      clinicalNotes: fc.integer({ min: 1, max: 2 }),
      intelligence: fc.integer({ min: 1, max: 2 }),
      teamAtSite: fc.subarray(atSite),
      teamElsewhere: fc.oneof(
        { weight: 4, arbitrary: fc.constant<number[]>([]) },
        { weight: 1, arbitrary: fc.subarray(elsewhere, { maxLength: 1 }) },
      ),
      grantPicks: fc.array(
        fc.record({
          pick: fc.nat(10_000),
          active: fc.boolean(),
          hours: fc.integer({ min: 1, max: 3 }),
        }),
        { maxLength: 5 },
      ),
    })
    .map((r) => {
      const team = [...r.teamAtSite, ...r.teamElsewhere].sort((a, b) => a - b);
      const outsiders = indices.filter((i) => !team.includes(i));
      // mostly staff at the case's site (who could break glass), sometimes anyone at all
      const likely = outsiders.filter((i) => users[i]!.sites.includes(site));
      const grants: GrantSpec[] = [];
      for (const [n, g] of r.grantPicks.entries()) {
        const pool = n % 4 === 3 || !likely.length ? outsiders : likely;
        if (!pool.length) continue;
        const user = pool[g.pick % pool.length]!;
        grants.push({ user, active: g.active, hoursFromNow: g.active ? g.hours : -g.hours * 24 });
      }
      return {
        site,
        status: r.s.status,
        acceptedMode: r.s.acceptedMode,
        investigationStatus: r.s.investigationStatus,
        victims: r.victims,
        offences: r.offences,
        statusEvents: r.statusEvents,
        riskPlans: r.riskPlans,
        clinicalNotes: r.clinicalNotes,
        intelligence: r.intelligence,
        team,
        grants,
      };
    });
}

/** Two sites, every role, 3–6 cases per site with data in every compartment, teams and grants. */
export const worldArb: fc.Arbitrary<WorldSpec> = usersArb.chain((users) =>
  fc
    .record({
      nonce: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      perSite: fc.tuple(
        ...Array.from({ length: SITE_COUNT }, (_, site) =>
          fc.array(caseArb(users, site), { minLength: 3, maxLength: 6 }),
        ),
      ),
    })
    .map(({ nonce, perSite }) => ({ nonce, users, cases: perSite.flat() })),
);
