import { can, type Access, type Compartment } from '../../platform/access/policy.js';
import type { AgencyTable } from '../../platform/db/schema.js';
import { ROLES, type Role } from '../../platform/auth/users.js';

/** Words for the administrator's pages (candidates for src/platform/views/labels.ts). */
export const COMPARTMENT_WORDS: Record<Compartment, string> = {
  core: 'Core',
  risk: 'Risk',
  clinical: 'Clinical',
  victim_contact: 'Victim contact',
  victim_voice: 'Victim’s voice',
  police_intelligence: 'Police intelligence',
};

export const ACCESS_WORDS: Record<Access, string> = { none: 'None', read: 'Read', write: 'Write' };

export type AgencyKind = AgencyTable['kind'];

/** The kind of agency each role belongs to; programme-wide roles have none of their own. */
export const AGENCY_KIND_OF_ROLE: Partial<Record<Role, AgencyKind>> = {
  stalking_coordinator: 'police',
  investigating_officer: 'police',
  probation_practitioner: 'probation',
  forensic_psychiatrist: 'health',
  clinical_psychologist: 'health',
  forensic_psychologist: 'health',
  occupational_therapist: 'health',
  stalking_advocate: 'victim_service',
  site_coordinator: 'programme',
};

export const AGENCY_KIND_WORDS: Record<AgencyKind, string> = {
  police: 'a police',
  probation: 'a probation',
  health: 'an NHS health',
  victim_service: 'a victim service',
  programme: 'a programme',
};

/**
 * Roles that work across sites on aggregate or pseudonymised data, or run the system: never case
 * content, so no site rule may widen their access.
 */
export const PROGRAMME_ROLES: readonly Role[] = ROLES.filter((r) => !can({ role: r }, 'work_on_cases'));
