import { z } from 'zod';

const optional = (max: number, label: string) =>
  z.string().trim().max(max, `${label} must be ${max} characters or fewer`).default('');

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
  safeContactNotes: optional(2000, 'Safe contact notes'),
  version: z.coerce.number().int().min(0).default(0),
});
export type ContactInput = z.infer<typeof contactInput>;
export type ContactDetails = Omit<ContactInput, 'version'>;

export const victimApi = z.object({
  id: z.string().uuid(),
  givenName: z.string(),
  familyName: z.string(),
  relationship: z.string(),
  contact: z
    .object({
      address: z.string(),
      phone: z.string(),
      email: z.string(),
      safeContactNotes: z.string(),
      version: z.number().int(),
    })
    .nullable()
    .optional()
    .describe('Present only for users who may see victim contact details; null when none are recorded'),
});
