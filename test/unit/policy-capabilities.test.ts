import { describe, expect, it } from 'vitest';
import { MANIFESTS } from '../../src/app/modules.js';
import { can, CAPABILITIES, POLICY } from '../../src/platform/access/policy.js';
import type { SessionUser } from '../../src/platform/auth/sessions.js';
import { ROLES, type Role } from '../../src/platform/auth/users.js';
import { registryOf } from '../../src/platform/manifest.js';
import { navigationFor } from '../../src/platform/views/navigation.js';

const userOf = (role: Role) =>
  ({ id: 'u', role, siteIds: ['s'], displayName: 'U' }) as unknown as SessionUser;
const navTexts = (role: Role) =>
  navigationFor(registryOf(MANIFESTS).navigation, userOf(role), null, 2).map((i) => i.text);

describe('who may do what (policy.ts capabilities)', () => {
  it('gives no capability to no one and names only real roles', () => {
    expect(can(null, 'work_on_cases')).toBe(false);
    for (const roles of Object.values(CAPABILITIES)) for (const r of roles) expect(ROLES).toContain(r);
  });

  it('lets the roles that see no case content do no case work (DESIGN.md: figures, users, policy only)', () => {
    for (const role of ['national_coordinator', 'evaluator', 'administrator'] as const) {
      expect(can(userOf(role), 'work_on_cases')).toBe(false);
      expect(can(userOf(role), 'refer')).toBe(false);
      expect(Object.values(POLICY[role]).every((a) => a === 'none')).toBe(true);
    }
    expect(can(userOf('administrator'), 'administer')).toBe(true);
    expect(can(userOf('evaluator'), 'see_figures')).toBe(true);
    expect(can(userOf('evaluator'), 'review_access')).toBe(false);
    // the evaluation (issue 16): aggregates for the programme and coordinators, extracts for the
    // programme's research roles, cost rates for the administrator and national coordinator
    expect(can(userOf('evaluator'), 'evaluate')).toBe(true);
    expect(can(userOf('site_coordinator'), 'evaluate')).toBe(true);
    expect(can(userOf('clinical_psychologist'), 'evaluate')).toBe(false);
    expect(can(userOf('administrator'), 'evaluate')).toBe(false);
    expect(can(userOf('evaluator'), 'extract_research_data')).toBe(true);
    expect(can(userOf('site_coordinator'), 'extract_research_data')).toBe(false);
    expect(can(userOf('national_coordinator'), 'set_evaluation_rates')).toBe(true);
    expect(can(userOf('evaluator'), 'set_evaluation_rates')).toBe(false);
  });

  it('keeps the coordinator off case teams but lets them run the site', () => {
    const coordinator = userOf('site_coordinator');
    expect(can(coordinator, 'join_case_team')).toBe(false);
    expect(can(coordinator, 'coordinate_site')).toBe(true);
    expect(can(userOf('stalking_advocate'), 'coordinate_site')).toBe(false);
  });

  it('builds each role’s navigation from the manifests by capability', () => {
    expect(navTexts('administrator')).toEqual([
      'Access review',
      'Figures',
      'Cost rates',
      'Administration',
      'Notifications (2)',
      'API tokens',
    ]);
    expect(navTexts('site_coordinator')).toEqual([
      'Cases',
      'Refer a case',
      'Find a person',
      'Reviews due',
      'My actions',
      'Meetings',
      'Break-glass review',
      'Access review',
      'Figures',
      'Evaluation',
      'Notifications (2)',
      'API tokens',
    ]);
    expect(navTexts('stalking_advocate')).toEqual([
      'Cases',
      'Refer a case',
      'Find a person',
      'Reviews due',
      'My actions',
      'Break-glass',
      'Notifications (2)',
      'API tokens',
    ]);
    expect(navTexts('evaluator')).toEqual(['Figures', 'Evaluation', 'Notifications (2)', 'API tokens']);
  });

  it('lets only the site coordinator schedule, chair and approve meetings; every case worker has actions', () => {
    expect(can(userOf('site_coordinator'), 'chair_meetings')).toBe(true);
    for (const role of [
      'stalking_coordinator',
      'stalking_advocate',
      'probation_practitioner',
      'administrator',
    ] as const)
      expect(can(userOf(role), 'chair_meetings')).toBe(false);
    expect(navTexts('stalking_advocate')).toContain('My actions');
    expect(navTexts('stalking_advocate')).not.toContain('Meetings');
    expect(navTexts('administrator')).not.toContain('My actions');
  });

  it('gives the health team a diary of their sessions, and no one else', () => {
    for (const role of [
      'forensic_psychiatrist',
      'clinical_psychologist',
      'forensic_psychologist',
      'occupational_therapist',
    ] as const)
      expect(navTexts(role)).toContain('My diary');
    for (const role of [
      'probation_practitioner',
      'stalking_coordinator',
      'stalking_advocate',
      'site_coordinator',
    ] as const)
      expect(navTexts(role)).not.toContain('My diary');
  });

  it('orders the case tabs as the case page shows them', () => {
    expect(registryOf(MANIFESTS).caseTabs.map((t) => t.label)).toEqual([
      'Overview',
      'Victims',
      'Victim’s voice',
      'Safety plans',
      'Contact log',
      'Risk',
      'Consultation',
      'Sessions',
      'Clinical notes',
      'Formulation',
      'Intervention plan',
      'Outcome measures',
      'Discharge',
      'Police intelligence',
      'Incidents',
      'Orders',
      'Court and offending',
      'MAPPA and MARAC',
      'Actions',
      'Timeline',
      'Team',
      'Status',
      'Access log',
    ]);
  });
});
