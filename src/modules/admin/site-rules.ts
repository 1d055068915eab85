import {
  ACCESS_LEVELS,
  COMPARTMENTS,
  POLICY,
  rank,
  type Access,
  type Compartment,
} from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/record.js';
import type { SessionUser } from '../../platform/auth/sessions.js';
import { ROLES, type Role } from '../../platform/auth/users.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import { Invalid, NotFound, type FieldError } from '../../platform/errors.js';
import { labels } from '../../platform/views/labels.js';
import * as repo from './repository.js';
import { ACCESS_WORDS, COMPARTMENT_WORDS, PROGRAMME_ROLES } from './words.js';

/* The access policy: the defaults, and each site's tightenings and recorded widenings. */

/** The reason recorded on every administrator's audit event. */
export const REASON = 'administrator';
export const WIDENING_UNCONFIRMED =
  'This rule widens access beyond the default: tick to confirm you have a recorded decision to widen access beyond the default';

/** A refusal with field errors, as the administration forms show them. */
export function invalid(title: string, errors: FieldError[]): Invalid {
  return new Invalid(title, errors, { detail: 'Correct the fields listed.' });
}

export type RuleView = {
  siteId: string;
  role: Role;
  compartment: Compartment;
  access: Access;
  defaultAccess: Access;
  kind: 'tightening' | 'widening';
  /** false for a wider rule without a recorded widening decision: the database ignores it */
  inEffect: boolean;
  reason: string;
  decidedBy: { id: string; name: string };
  decidedAt: Date;
  wideningApprovedBy: { id: string; name: string } | null;
};

function ruleView(r: repo.SiteRuleRow): RuleView {
  const role = r.role as Role;
  const compartment = r.compartment as Compartment;
  const access = r.access as Access;
  const defaultAccess = POLICY[role]?.[compartment] ?? 'none';
  const widening = rank(access) > rank(defaultAccess);
  return {
    siteId: r.site_id,
    role,
    compartment,
    access,
    defaultAccess,
    kind: widening ? 'widening' : 'tightening',
    inEffect: !widening || r.widening_approved_by !== null,
    reason: r.reason,
    decidedBy: { id: r.decided_by, name: r.decided_by_name },
    decidedAt: r.decided_at,
    wideningApprovedBy:
      r.widening_approved_by !== null
        ? { id: r.widening_approved_by, name: r.widening_approved_by_name ?? '' }
        : null,
  };
}

/** The defaults of src/platform/access/policy.ts, as rows for a table. */
export function defaultPolicy() {
  return ROLES.map((role) => ({
    role,
    roleLabel: labels.role[role],
    cells: COMPARTMENTS.map((c) => ({
      compartment: c,
      access: POLICY[role][c],
      word: ACCESS_WORDS[POLICY[role][c]],
    })),
  }));
}

export async function policyView(tx: Tx) {
  const [sites, rules] = await Promise.all([repo.listSites(tx), repo.listSiteRules(tx)]);
  const views = rules.map(ruleView);
  return {
    defaults: defaultPolicy(),
    sites: sites.map((s) => ({ ...s, rules: views.filter((r) => r.siteId === s.id) })),
  };
}

async function existingSite(tx: Tx, siteId: string) {
  const site = await repo.findSite(tx, siteId);
  if (!site) {
    throw new NotFound('Site not found', 'There is no site with this id.', [
      { field: 'siteId', message: 'There is no site with this id' },
    ]);
  }
  return site;
}

export async function sitePolicyView(tx: Tx, admin: SessionUser, siteId: string) {
  const site = await existingSite(tx, siteId);
  const rules = (await repo.listSiteRules(tx, siteId)).map(ruleView);
  return { site, rules };
}

export type SiteRuleInput = {
  role: Role;
  compartment: Compartment;
  access: Access;
  reason: string;
  confirmWidening?: boolean | undefined;
};

/**
 * Adds or replaces a site's rule for one role and compartment. A rule no wider than the default
 * is a tightening; a wider one needs the administrator's confirmation of a recorded decision, and
 * is stored with their id as the approver (the database ignores a widening without one).
 */
export async function setSiteRule(
  tx: Tx,
  actor: Actor,
  admin: SessionUser,
  siteId: string,
  input: SiteRuleInput,
): Promise<RuleView> {
  await existingSite(tx, siteId);
  if (!ROLES.includes(input.role))
    throw invalid('The rule is not valid', [{ field: 'role', message: 'Unknown role' }]);
  if (!COMPARTMENTS.includes(input.compartment)) {
    throw invalid('The rule is not valid', [{ field: 'compartment', message: 'Unknown compartment' }]);
  }
  if (!ACCESS_LEVELS.includes(input.access)) {
    throw invalid('The rule is not valid', [{ field: 'access', message: 'Choose none, read or write' }]);
  }
  const reason = input.reason.trim();
  if (!reason)
    throw invalid('The rule is not valid', [{ field: 'reason', message: 'Enter the reason for the rule' }]);
  const defaultAccess = POLICY[input.role][input.compartment];
  const widening = rank(input.access) > rank(defaultAccess);
  if (widening && PROGRAMME_ROLES.includes(input.role)) {
    throw invalid('The rule is not allowed', [
      {
        field: 'access',
        message: `${labels.role[input.role]}s never see case content: no site rule can widen their access`,
      },
    ]);
  }
  if (widening && input.confirmWidening !== true) {
    throw new Invalid(
      'The rule widens access beyond the default',
      [{ field: 'confirmWidening', message: WIDENING_UNCONFIRMED }],
      {
        detail: `The default for ${labels.role[input.role].toLowerCase()} on ${COMPARTMENT_WORDS[input.compartment].toLowerCase()} is ${ACCESS_WORDS[defaultAccess].toLowerCase()}.`,
      },
    );
  }
  await repo.upsertSiteRule(tx, {
    siteId,
    role: input.role,
    compartment: input.compartment,
    access: input.access,
    reason,
    decidedBy: admin.id,
    wideningApprovedBy: widening ? admin.id : null,
  });
  await recordAudit(tx, actor, {
    action: 'admin.site_policy_set',
    reason: REASON,
    recordType: 'site_access_policy',
    recordId: siteId,
    details: { siteId, role: input.role, compartment: input.compartment, access: input.access, widening },
  });
  const stored = (await repo.listSiteRules(tx, siteId)).find(
    (r) => r.role === input.role && r.compartment === input.compartment,
  );
  if (!stored) throw new Error('site access rule not stored');
  return ruleView(stored);
}

export async function removeSiteRule(
  tx: Tx,
  actor: Actor,
  admin: SessionUser,
  siteId: string,
  role: Role,
  compartment: Compartment,
) {
  await existingSite(tx, siteId);
  const rule = await repo.findSiteRule(tx, siteId, role, compartment);
  if (!rule || !(await repo.deleteSiteRule(tx, siteId, role, compartment))) throw new NotFound();
  await recordAudit(tx, actor, {
    action: 'admin.site_policy_removed',
    reason: REASON,
    recordType: 'site_access_policy',
    recordId: siteId,
    details: { siteId, role, compartment, access: rule.access },
  });
}
