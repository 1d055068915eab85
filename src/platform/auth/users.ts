import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.js';
import { hashPassword, passwordProblem } from './passwords.js';

export const ROLES = [
  'stalking_coordinator',
  'investigating_officer',
  'probation_practitioner',
  'forensic_psychiatrist',
  'clinical_psychologist',
  'forensic_psychologist',
  'occupational_therapist',
  'stalking_advocate',
  'site_coordinator',
  'national_coordinator',
  'evaluator',
  'administrator',
] as const;
export type Role = (typeof ROLES)[number];

export const newUserSchema = z.object({
  email: z.string().trim().toLowerCase().email('Enter an email address in the correct format'),
  displayName: z.string().trim().min(1, 'Enter a name').max(120),
  role: z.enum(ROLES, 'Choose a role'),
  agencyId: z.string().uuid().nullable().default(null),
  siteIds: z.array(z.string().uuid()).default([]),
  password: z.string().superRefine((p, ctx) => {
    const problem = passwordProblem(p);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  /** pre-enrolled second factor (demo accounts); otherwise enrolled at first sign-in */
  totpSecret: z.string().nullable().default(null),
  /** someone other than the user chose the password: they must change it at first sign-in */
  mustChangePassword: z.boolean().default(false),
});
export type NewUser = z.input<typeof newUserSchema>;

/** Creates a user with the owner connection (CLI, demo, tests): not a request path. */
export async function createUser(owner: Kysely<DB>, input: NewUser): Promise<string> {
  const u = newUserSchema.parse(input);
  const passwordHash = await hashPassword(u.password);
  return owner.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('app_user')
      .values({
        email: u.email,
        display_name: u.displayName,
        role: u.role,
        agency_id: u.agencyId,
        password_hash: passwordHash,
        totp_secret: u.totpSecret,
        totp_enrolled_at: u.totpSecret ? new Date() : null,
        must_change_password: u.mustChangePassword,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (u.siteIds.length) {
      await tx
        .insertInto('user_site')
        .values(u.siteIds.map((siteId) => ({ user_id: row.id, site_id: siteId })))
        .execute();
    }
    return row.id;
  });
}
