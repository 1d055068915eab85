import { z } from 'zod';
import {
  amendmentHistoryApi,
  correctionReasonFor,
  recordVersion,
  withdrawnApi,
} from '../../platform/corrections/index.js';
import { CONSENTS, OFFENCE_CODES, RELATIONSHIPS } from '../referrals/schemas.js';
import { VICTIM_KINDS } from '../victims/schemas.js';

/**
 * What a correction of the referral, an offence or a victim's place on the case takes, for the
 * forms and the API alike: every correctable detail as it should now be (the same rules as at
 * referral), the reason and the version read.
 */

export const referralDetailsInput = z.strictObject({
  referringAgencyId: z.string({ error: 'Select the referring agency' }).uuid('Select the referring agency'),
  referrerName: z
    .string({ error: 'Enter the name of the referrer' })
    .trim()
    .min(1, 'Enter the name of the referrer')
    .max(100, 'The name of the referrer must be 100 characters or fewer'),
  reason: z
    .string({ error: 'Enter the reason for the referral' })
    .trim()
    .min(1, 'Enter the reason for the referral')
    .max(4000, 'Reason must be 4,000 characters or fewer'),
  consent: z.enum(CONSENTS, 'Select whether the person consented to the referral'),
  consentNotes: z.string().trim().max(1000, 'Consent notes must be 1,000 characters or fewer').default(''),
  isAdult: z.boolean({ error: 'Select whether the person is an adult' }),
  livesInArea: z.boolean({ error: 'Select whether the person lives in the site’s area' }),
});

/**
 * The correction form's own names for the referral's fields where they differ from the API's (the
 * form's `reason` is why it is being corrected, so the referral's reason is `referralReason`).
 */
export const referralFormFields = z.object({ referralReason: referralDetailsInput.shape.reason });

export const offenceDetailsInput = z.strictObject({
  code: z.enum(OFFENCE_CODES, 'Select an offence'),
  description: z.string().trim().max(500, 'Offence details must be 500 characters or fewer').default(''),
});

export const victimDetailsInput = z.strictObject({
  relationship: z.enum(RELATIONSHIPS, 'Select the relationship to the person referred'),
  kind: z.enum(VICTIM_KINDS, 'Select whether they are a victim, a proxy victim or a third party'),
});

export const referralReason = correctionReasonFor('referral');
export const offenceReason = correctionReasonFor('offence');
export const victimReason = correctionReasonFor('victim’s details');

/** A correction through the API: `{ version, reason, referral }`. */
export const referralAmendmentApi = z.strictObject({
  version: recordVersion,
  reason: referralReason,
  referral: referralDetailsInput,
});
export const offenceAmendmentApi = z.strictObject({
  version: recordVersion,
  reason: offenceReason,
  offence: offenceDetailsInput,
});
export const victimAmendmentApi = z.strictObject({
  version: recordVersion,
  reason: victimReason,
  victim: victimDetailsInput,
});

/** A case's offences through the API, each with its version, and those withdrawn marked. */
export const offencesApi = z.object({
  items: z.array(
    z.object({
      id: z.string().uuid(),
      code: z.enum(OFFENCE_CODES),
      description: z.string(),
      version: z.number().int(),
      withdrawn: withdrawnApi,
    }),
  ),
});

export { amendmentHistoryApi, recordVersion };

/** The form's yes/no radios as booleans (anything else stays as it is, for zod to refuse). */
export const yesNo = (v: unknown): unknown => (v === 'yes' ? true : v === 'no' ? false : v);
