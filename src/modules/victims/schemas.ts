import { z } from 'zod';
import { reasonFor, recordVersion } from '../../platform/corrections/index.js';
import { RELATIONSHIPS } from '../referrals/schemas.js';

export const CONTACT_REASON_REQUIRED = 'Enter why the contact details are being corrected';

const optional = (max: number, label: string) =>
  z.string().trim().max(max, `${label} must be ${max} characters or fewer`).default('');

export const SAFE_METHODS = ['phone', 'text', 'email', 'letter', 'in_person'] as const;
export const SAFE_METHOD_TEXT: Record<(typeof SAFE_METHODS)[number], string> = {
  phone: 'Phone call',
  text: 'Text message',
  email: 'Email',
  letter: 'Letter',
  in_person: 'In person',
};

export const contactInput = z.strictObject({
  address: optional(500, 'Address'),
  phone: optional(40, 'Phone number').refine(
    (v) => v === '' || /^[0-9+() -]{6,40}$/.test(v),
    'Enter a phone number, like 01632 960 001',
  ),
  email: optional(200, 'Email address').refine(
    (v) => v === '' || z.string().email().safeParse(v).success,
    'Enter an email address in the correct format, like name@example.org',
  ),
  // safe-contact preferences: how and when it is safe to make contact, and what must never be said
  safeMethods: z
    .array(z.enum(SAFE_METHODS, 'Select only the ways of contact listed'))
    .max(SAFE_METHODS.length)
    .default([]),
  safeTimes: optional(500, 'When it is safe to make contact'),
  messagesMayBeLeft: z.enum(['yes', 'no', ''], 'Select whether messages may be left').default(''),
  neverTell: optional(2000, 'Who must never be told what'),
  safeContactNotes: optional(2000, 'Other safe contact notes'),
  version: z.coerce.number().int().min(0).default(0),
  // why details already recorded are being corrected (issue 11): required then, ignored when first recorded
  reason: z.string().trim().max(2000, 'The reason must be 2,000 characters or fewer').optional(),
});
export type ContactInput = z.infer<typeof contactInput>;
export type ContactDetails = Omit<ContactInput, 'version' | 'reason'>;

/** Each field of the contact details, in the order a correction's history names them. */
export const CONTACT_FIELD_LABELS: Record<keyof ContactDetails, string> = {
  address: 'Address',
  phone: 'Phone number',
  email: 'Email address',
  safeMethods: 'How it is safe to contact them',
  safeTimes: 'When it is safe to contact them',
  messagesMayBeLeft: 'Whether messages may be left',
  neverTell: 'Who must never be told what',
  safeContactNotes: 'Other safe contact notes',
};

/** A correction through the API: every detail as it should now be, the reason and the version read. */
export const contactAmendmentApi = z.strictObject({
  details: contactInput.omit({ version: true, reason: true }),
  reason: reasonFor(CONTACT_REASON_REQUIRED),
  version: recordVersion,
});

/** Contact details as stored before safe-contact preferences existed read as "none given". */
export const EMPTY_CONTACT: ContactDetails = {
  address: '',
  phone: '',
  email: '',
  safeMethods: [],
  safeTimes: '',
  messagesMayBeLeft: '',
  neverTell: '',
  safeContactNotes: '',
};

/** The posted contact form: checkboxes arrive as nothing, one value or several. */
export function contactFromForm(f: Record<string, unknown>): unknown {
  const methods = f.safeMethods;
  return {
    ...f,
    safeMethods: methods === undefined || methods === '' ? [] : Array.isArray(methods) ? methods : [methods],
  };
}

export const VICTIM_KINDS = ['victim', 'proxy', 'third_party'] as const;
export const VICTIM_KIND_TEXT: Record<(typeof VICTIM_KINDS)[number], string> = {
  victim: 'Victim',
  proxy: 'Proxy victim',
  third_party: 'Third party',
};

const name = (label: string) =>
  z
    .string({ error: `Enter the ${label}` })
    .trim()
    .min(1, `Enter the ${label}`)
    .max(100, `The ${label} must be 100 characters or fewer`);

/** Add a victim: link a person already recorded (personId), or a new person (names). */
export const addVictimInput = z
  .strictObject({
    personId: z.string().uuid('Select the person, or choose to add a new person').optional(),
    givenName: name('first name').optional(),
    familyName: name('last name').optional(),
    kind: z.enum(VICTIM_KINDS, 'Select whether they are a victim, a proxy victim or a third party'),
    relationship: z.enum(RELATIONSHIPS, 'Select the relationship to the person referred'),
    advocateId: z.string().uuid('Select the stalking advocate').nullable().default(null),
  })
  .superRefine((v, ctx) => {
    if (v.personId) return;
    if (!v.givenName) ctx.addIssue({ code: 'custom', path: ['givenName'], message: 'Enter the first name' });
    if (!v.familyName) ctx.addIssue({ code: 'custom', path: ['familyName'], message: 'Enter the last name' });
  });
export type AddVictimInput = z.infer<typeof addVictimInput>;

/** The add-victim form: "personId" is a person's id, or "new" with the names. */
export function addVictimFromForm(f: Record<string, unknown>): unknown {
  const text = (k: string) => (typeof f[k] === 'string' && (f[k] as string).trim() ? f[k] : undefined);
  const person = text('personId');
  return {
    ...(person !== 'new' ? { personId: person ?? '' } : {}),
    ...(person === 'new' ? { givenName: f.givenName ?? '', familyName: f.familyName ?? '' } : {}),
    kind: text('kind'),
    relationship: text('relationship'),
    advocateId: text('advocateId') ?? null,
  };
}

export const advocateInput = z.strictObject({
  advocateId: z.string().uuid('Select the stalking advocate').nullable(),
});

export const victimApi = z.object({
  id: z.string().uuid(),
  personId: z.string().uuid(),
  givenName: z.string(),
  familyName: z.string(),
  kind: z.enum(VICTIM_KINDS),
  relationship: z.string(),
  advocate: z.object({ id: z.string().uuid(), name: z.string() }).nullable(),
  contact: z
    .object({
      address: z.string(),
      phone: z.string(),
      email: z.string(),
      safeMethods: z.array(z.enum(SAFE_METHODS)),
      safeTimes: z.string(),
      messagesMayBeLeft: z.enum(['yes', 'no', '']),
      neverTell: z.string(),
      safeContactNotes: z.string(),
      version: z.number().int(),
    })
    .nullable()
    .optional()
    .describe('Present only for users who may see victim contact details; null when none are recorded'),
});
