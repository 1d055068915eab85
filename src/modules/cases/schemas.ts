import { z } from 'zod';
import { CASE_STATUSES } from './rules.js';

export const caseIdParam = z.object({ id: z.string().uuid() });

/** `<updated at, UTC, to the microsecond>_<case reference>`, as the list's Next and Previous links give it */
const cursor = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z_[A-Za-z0-9-]{1,40}$/)
  .transform((v) => {
    const i = v.indexOf('_');
    return { at: v.slice(0, i), reference: v.slice(i + 1) };
  });

export const caseListQuery = z.object({
  status: z
    .enum(CASE_STATUSES)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  site: z
    .string()
    .uuid()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  // the pagination links carry every filter, empty ones too
  scope: z
    .enum(['mine', 'site'])
    .optional()
    .or(z.literal('').transform(() => undefined)),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  // keyset paging: the last (or first) case of the page the user came from
  after: cursor.optional(),
  before: cursor.optional(),
});

export const statusForm = z.object({
  decision: z.string({ error: 'Select what happens to the case' }).min(1, 'Select what happens to the case'),
  reason: z
    .string()
    .trim()
    .min(1, 'Enter the reason for the decision')
    .max(2000, 'Reason must be 2,000 characters or fewer'),
  // required when a victim's voice is not up to date (checked by the service, which knows)
  voiceReason: z
    .string()
    .trim()
    .max(2000, 'The reason the victim’s voice is not up to date must be 2,000 characters or fewer')
    .default(''),
  version: z.coerce.number().int().min(1),
});

export const teamAddForm = z.object({
  userId: z.string({ error: 'Select a person to add' }).uuid('Select a person to add'),
});

// API shapes: the OpenAPI document is generated from these
export const apiCaseSummary = z.object({
  id: z.string().uuid(),
  reference: z.string(),
  status: z.enum(CASE_STATUSES),
  acceptedMode: z.enum(['consultation', 'intervention']).nullable(),
  site: z.string(),
  subject: z.object({ givenName: z.string(), familyName: z.string() }),
  updatedAt: z.string(),
});

export const apiCaseList = z.object({
  items: z.array(apiCaseSummary),
  total: z.number().int().describe('The number of cases, counted up to 1,000'),
  totalCapped: z.boolean().describe('true when there are more than 1,000 cases (total is then 1,000)'),
  page: z.number().int(),
});

export const apiCaseDetail = apiCaseSummary.extend({
  investigationStatus: z.string(),
  subject: z.object({
    givenName: z.string(),
    familyName: z.string(),
    aliases: z.array(z.string()),
    dateOfBirth: z.string().nullable(),
    pncId: z.string().nullable(),
    nhsNumber: z.string().nullable(),
    probationRef: z.string().nullable(),
  }),
  offences: z.array(z.object({ code: z.string(), description: z.string() })),
  victims: z.array(z.object({ givenName: z.string(), familyName: z.string(), relationship: z.string() })),
  team: z.array(z.object({ name: z.string(), role: z.string() })),
  statusHistory: z.array(
    z.object({
      from: z.string().nullable(),
      to: z.string(),
      mode: z.string().nullable(),
      reason: z.string(),
      voiceNotCurrentReason: z
        .string()
        .nullable()
        .describe('Why the decision was taken while the victim’s voice was not up to date'),
      at: z.string(),
      by: z.string(),
    }),
  ),
  version: z.number().int(),
  courtAndOffending: z
    .object({
      newOffences: z.number().int().describe('new offending recorded after the referral'),
      firstNewOffenceOn: z.string().nullable().describe('the offence date of the first, if any'),
      stalkingOrHarassment: z
        .number()
        .int()
        .describe('of the new offences, stalking or harassment (s2, s2A, s4, s4A)'),
      convictions: z.number().int(),
      latestConvictionOn: z.string().nullable(),
      mappa: z
        .object({ category: z.number().int(), level: z.number().int(), nextReviewOn: z.string().nullable() })
        .nullable()
        .describe('the MAPPA record in force'),
    })
    .nullable(),
});

export const apiCaseListQuery = z
  .object({
    status: z.enum(CASE_STATUSES).optional(),
    site: z.string().uuid().optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
  })
  .strict();
