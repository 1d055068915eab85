import { z } from 'zod';

/**
 * The fields every correction and withdrawal shares (issue 11), for forms and the API alike: the
 * reason (1–2,000 characters, trimmed), the version the correction was made from, and how an
 * amendment and a withdrawal are shown.
 */
export const reasonFor = (ask: string) =>
  z.string({ error: ask }).trim().min(1, ask).max(2000, 'The reason must be 2,000 characters or fewer');

/** Why a record is being corrected; `what` as in "Enter why the incident is being corrected". */
export const correctionReasonFor = (what: string) => reasonFor(`Enter why the ${what} is being corrected`);

export const withdrawalReason = reasonFor('Enter why this was entered in error');

/** The record's version when the correction form was opened (a whole number from 1). */
export const recordVersion = z.coerce
  .number({ error: 'The version is missing: reload the page' })
  .int('The version is missing: reload the page')
  .positive('The version is missing: reload the page');

/** A withdrawal through the API: `{ reason }`. */
export const withdrawalApi = z.strictObject({ reason: withdrawalReason });

/** Entered in error: when, by whom and why (null while the record stands). */
export const withdrawnApi = z
  .object({ at: z.string().datetime(), by: z.string(), reason: z.string() })
  .nullable()
  .describe('null while the record stands; when, by whom and why it was withdrawn as entered in error');

/** One amendment in a record's history through the API. */
export const amendmentItemApi = z.object({
  id: z.string().uuid(),
  versionAfter: z.number().int(),
  changes: z
    .record(z.string(), z.object({ from: z.unknown(), to: z.unknown() }))
    .describe('each changed field (as in the record) with its value before and after'),
  reason: z.string(),
  by: z.string(),
  at: z.string().datetime(),
});

/** A record's history through the API: its current version and its amendments, newest first. */
export const amendmentHistoryApi = z.object({ version: z.number().int(), items: z.array(amendmentItemApi) });

/** An amendment as repositories return it (`by` is the display name). */
export type AmendmentRow = {
  id: string;
  version_after: number;
  changes: Record<string, { from: unknown; to: unknown }>;
  reason: string;
  by: string;
  at: Date;
};

/** The API shape of a history (`amendmentHistoryApi`). */
export const amendmentHistoryOf = (version: number, amendments: readonly AmendmentRow[]) => ({
  version,
  items: amendments.map((a) => ({
    id: a.id,
    versionAfter: a.version_after,
    changes: a.changes,
    reason: a.reason,
    by: a.by,
    at: a.at.toISOString(),
  })),
});
