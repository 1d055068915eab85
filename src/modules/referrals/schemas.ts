import { z } from 'zod';
import { INVESTIGATION_STATUSES } from '../cases/rules.js';
import {
  canonicalNhsNumber,
  canonicalPncId,
  nhsNumberProblem,
  pncIdProblem,
} from '../../platform/identifiers.js';
import { EARLIEST_YEAR, todayInLondon } from '../../platform/time.js';

export const OFFENCE_CODES = ['pha_s2a', 'pha_s4a', 'pha_s2', 'pha_s4', 'other'] as const;
export const RELATIONSHIPS = [
  'ex_intimate',
  'acquaintance',
  'stranger',
  'work',
  'family',
  'public_figure',
] as const;
export const CONSENTS = ['given', 'refused', 'not_sought'] as const;

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .default(null);

const name = (label: string) =>
  z
    .string({ error: `Enter the ${label}` })
    .trim()
    .min(1, `Enter the ${label}`)
    .max(100, `The ${label} must be 100 characters or fewer`);

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Date must be a real date, like 1990-03-27')
  .refine(
    (v) =>
      !Number.isNaN(new Date(`${v}T00:00:00Z`).getTime()) &&
      new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    'Date must be a real date',
  )
  .refine((v) => v <= todayInLondon(), 'Date of birth must be in the past')
  .refine(
    (v) => Number(v.slice(0, 4)) >= EARLIEST_YEAR,
    `Date of birth must be in ${EARLIEST_YEAR} or later`,
  );

export const personSchema = z.strictObject({
  givenName: name('first name'),
  familyName: name('last name'),
  aliases: z.array(z.string().trim().min(1).max(100)).max(20).default([]),
  dateOfBirth: isoDate.nullable().default(null),
  // identifiers are checked by their published rules and stored in one canonical form
  pncId: optionalText(20, 'Police National Computer ID').transform((v, ctx) => {
    if (v === null) return null;
    const problem = pncIdProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
    return canonicalPncId(v) ?? v;
  }),
  nhsNumber: optionalText(30, 'NHS number').transform((v, ctx) => {
    if (v === null) return null;
    const problem = nhsNumberProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
    return canonicalNhsNumber(v) ?? v;
  }),
  probationRef: optionalText(20, 'Probation case reference'),
});

export const offenceSchema = z.strictObject({
  code: z.enum(OFFENCE_CODES, 'Select an offence'),
  description: z.string().trim().max(500, 'Offence details must be 500 characters or fewer').default(''),
});

export const referralDetailsSchema = z.object({
  siteId: z.string({ error: 'Select the site' }).uuid('Select the site'),
  referringAgencyId: z.string({ error: 'Select the referring agency' }).uuid('Select the referring agency'),
  referrerName: name('name of the referrer'),
  reason: z
    .string({ error: 'Enter the reason for the referral' })
    .trim()
    .min(1, 'Enter the reason for the referral')
    .max(4000, 'Reason must be 4,000 characters or fewer'),
  offences: z.array(offenceSchema).min(1, 'Select at least one offence').max(10),
  investigationStatus: z.enum(INVESTIGATION_STATUSES, 'Select the investigation status'),
});

export const victimSchema = z.strictObject({
  givenName: name('victim’s first name'),
  familyName: name('victim’s last name'),
  relationship: z.enum(RELATIONSHIPS, 'Select the relationship to the person referred'),
});

export const victimsSchema = z.object({
  victims: z.array(victimSchema).min(1, 'Add at least one victim').max(10),
});

export const consentSchema = z.object({
  consent: z.enum(CONSENTS, 'Select whether the person consented to the referral'),
  consentNotes: z.string().trim().max(1000, 'Consent notes must be 1,000 characters or fewer').default(''),
  isAdult: z.boolean({ error: 'Select whether the person is an adult' }),
  livesInArea: z.boolean({ error: "Select whether the person lives in the site's area" }),
});

/** The whole referral, as the API takes it and as the journey builds it up step by step. */
export const referralSchema = z
  .object({
    person: personSchema,
    ...referralDetailsSchema.shape,
    ...victimsSchema.shape,
    ...consentSchema.shape,
    existingPersonId: z.string().uuid().nullable().default(null),
    confirmNewPerson: z.boolean().default(false),
  })
  .strict();
export type ReferralInput = z.infer<typeof referralSchema>;

export const apiReferralCreated = z.object({
  caseId: z.string().uuid(),
  reference: z.string(),
  unseenPossibleMatch: z
    .literal(true)
    .optional()
    .describe(
      'Present when someone with the same NHS number or PNC ID is on a case you cannot see: the site coordinators of that case have been asked to check. Nothing more about it is given.',
    ),
});
export const apiPossibleMatches = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  detail: z.string(),
  possibleMatches: z.array(
    z.object({
      personId: z.string().uuid(),
      givenName: z.string(),
      familyName: z.string(),
      dateOfBirth: z.string().nullable(),
      caseReferences: z.array(z.string()),
    }),
  ),
});
