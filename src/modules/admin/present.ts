import { z } from 'zod';
import { COMPARTMENTS } from '../../platform/access/policy.js';
import { ROLES } from '../../platform/auth/users.js';
import type { UserRow } from './repository.js';
import { apiSiteRule, apiUser } from './schemas.js';
import * as service from './service.js';
import { ACCESS_WORDS, COMPARTMENT_WORDS } from './words.js';

/** What the administration pages and API show: API shapes and the policy pages' words. */

export const toApiUser = (u: UserRow): z.infer<typeof apiUser> => ({
  id: u.id,
  email: u.email,
  name: u.display_name,
  role: u.role as (typeof ROLES)[number],
  agency: u.agency_id ? { id: u.agency_id, name: u.agency_name ?? '' } : null,
  sites: u.sites,
  active: u.active,
  secondFactorEnrolled: u.enrolled,
  createdAt: new Date(u.created_at).toISOString(),
});

export const toApiRule = (r: service.RuleView): z.infer<typeof apiSiteRule> => ({
  siteId: r.siteId,
  role: r.role,
  compartment: r.compartment,
  access: r.access,
  defaultAccess: r.defaultAccess,
  kind: r.kind,
  reason: r.reason,
  decidedBy: r.decidedBy,
  decidedAt: new Date(r.decidedAt).toISOString(),
  wideningApprovedBy: r.wideningApprovedBy,
});

/** Words for the policy pages: every role and compartment, and what each access level means. */
export const policyWords = {
  compartments: COMPARTMENTS.map((c) => ({ value: c, text: COMPARTMENT_WORDS[c] })),
  compartmentWords: COMPARTMENT_WORDS,
  accessWords: ACCESS_WORDS,
};
