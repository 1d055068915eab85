import { z } from 'zod';
import { ACCESS_LEVELS, COMPARTMENTS } from '../../platform/access/policy.js';
import { passwordProblem } from '../../platform/auth/passwords.js';
import { ROLES } from '../../platform/auth/users.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (v: string) => UUID.test(v);

const roleMessage = `Unknown role: choose one of ${ROLES.join(', ')}`;
const compartmentMessage = `Unknown compartment: choose one of ${COMPARTMENTS.join(', ')}`;
const accessMessage = 'Choose none, read or write';

/** Checkboxes arrive as nothing, one string or an array of strings. */
const checkboxes = z.preprocess(
  (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.string()).refine((ids) => ids.every(isUuid), 'Choose sites from the list'),
);

const emailField = z
  .string({ error: 'Enter an email address' })
  .trim()
  .toLowerCase()
  .min(1, 'Enter an email address')
  .max(254, 'Email address must be 254 characters or fewer')
  .email('Enter an email address in the correct format, like name@example.org');

const nameField = z
  .string({ error: 'Enter the person’s full name' })
  .trim()
  .min(1, 'Enter the person’s full name')
  .max(120, 'Name must be 120 characters or fewer');

const passwordField = z.string({ error: 'Enter a temporary password' }).superRefine((p, ctx) => {
  const problem = p.length === 0 ? 'Enter a temporary password' : passwordProblem(p);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const reasonField = z
  .string({ error: 'Enter the reason for the rule' })
  .trim()
  .min(1, 'Enter the reason for the rule, for example the clause of the information-sharing agreement')
  .max(2000, 'Reason must be 2,000 characters or fewer');

// Pages ------------------------------------------------------------------------------------------

export const idParam = z.object({ id: z.string().uuid() });
export const siteIdParam = z.object({ siteId: z.string().uuid() });
export const ruleParams = z.object({
  siteId: z.string().uuid(),
  role: z.enum(ROLES),
  compartment: z.enum(COMPARTMENTS),
});

/** An unknown or empty site filter shows every user. */
export const userListQuery = z.object({ site: z.string().uuid() });

const optionalAgency = z
  .string()
  .optional()
  .transform((v) => (v ? v : null))
  .refine((v) => v === null || isUuid(v), 'Choose an agency from the list');

export const newUserForm = z.object({
  email: emailField,
  name: nameField,
  role: z.enum(ROLES, { error: 'Choose a role' }),
  agencyId: optionalAgency,
  siteIds: checkboxes,
  temporaryPassword: passwordField,
});

const resetReason = z
  .string({ error: 'Enter the reason for the reset' })
  .trim()
  .min(1, 'Enter the reason for the reset, for example how the user asked and how you checked it was them')
  .max(2000, 'Reason must be 2,000 characters or fewer');

export const resetPasswordForm = z.object({ reason: resetReason, temporaryPassword: passwordField });
export const resetSecondFactorForm = z.object({ reason: resetReason });

export const userSitesForm = z.object({ agencyId: optionalAgency, siteIds: checkboxes });

export const siteRuleForm = z.object({
  role: z.enum(ROLES, { error: 'Choose a role from the list' }),
  compartment: z.enum(COMPARTMENTS, { error: 'Choose a compartment from the list' }),
  access: z.enum(ACCESS_LEVELS, { error: accessMessage }),
  reason: reasonField,
  confirmWidening: z.preprocess((v) => v === 'yes' || v === 'true' || v === true, z.boolean()),
});

// API: the OpenAPI document is generated from these ---------------------------------------------

export const apiSiteRuleBody = z
  .object({
    role: z.enum(ROLES, { error: roleMessage }),
    compartment: z.enum(COMPARTMENTS, { error: compartmentMessage }),
    access: z.enum(ACCESS_LEVELS, { error: accessMessage }),
    reason: reasonField,
    confirmWidening: z
      .boolean({ error: 'confirmWidening must be true or false' })
      .optional()
      .describe('true when an administrator has a recorded decision to widen access beyond the default'),
  })
  .strict();

export const apiSiteParams = z.object({
  siteId: z.string().uuid({ error: 'siteId must be the id (a UUID) of a site' }),
});

export const apiSiteRule = z.object({
  siteId: z.string().uuid(),
  role: z.enum(ROLES),
  compartment: z.enum(COMPARTMENTS),
  access: z.enum(ACCESS_LEVELS),
  defaultAccess: z.enum(ACCESS_LEVELS),
  kind: z.enum(['tightening', 'widening']),
  reason: z.string(),
  decidedBy: z.object({ id: z.string().uuid(), name: z.string() }),
  decidedAt: z.string(),
  wideningApprovedBy: z.object({ id: z.string().uuid(), name: z.string() }).nullable(),
});

export const apiPolicy = z.object({
  defaults: z.array(
    z.object({ role: z.enum(ROLES), compartment: z.enum(COMPARTMENTS), access: z.enum(ACCESS_LEVELS) }),
  ),
  sites: z.array(
    z.object({ id: z.string().uuid(), code: z.string(), name: z.string(), rules: z.array(apiSiteRule) }),
  ),
});

export const apiUserListQuery = z
  .object({ site: z.string().uuid({ error: 'site must be the id (a UUID) of a site' }).optional() })
  .strict();

export const apiUser = z.object({
  id: z.string().uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  agency: z.object({ id: z.string().uuid(), name: z.string() }).nullable(),
  sites: z.array(z.object({ id: z.string().uuid(), code: z.string(), name: z.string() })),
  active: z.boolean(),
  secondFactorEnrolled: z.boolean(),
  createdAt: z.string(),
});

export const apiUserList = z.object({ items: z.array(apiUser) });

export const apiNewUser = z
  .object({
    email: z
      .string({ error: 'Enter an email address' })
      .max(254, 'Email address must be 254 characters or fewer')
      .email('Enter an email address in the correct format, like name@example.org'),
    name: nameField,
    role: z.enum(ROLES, { error: roleMessage }),
    agencyId: z
      .string()
      .uuid({ error: 'agencyId must be the id (a UUID) of an agency' })
      .nullable()
      .optional(),
    siteIds: z
      .array(z.string().uuid({ error: 'siteIds must be ids (UUIDs) of sites' }))
      .max(100)
      .optional(),
    temporaryPassword: z
      .string({ error: 'Enter a temporary password' })
      .min(12, 'Password must be 12 characters or more')
      .max(256, 'Password must be 256 characters or fewer')
      .describe(
        'the user signs in with this once, sets up their authenticator app and chooses a new password; not a common or easily guessed password',
      ),
  })
  .strict();
