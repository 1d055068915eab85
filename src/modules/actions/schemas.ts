import { z } from 'zod';
import { withdrawalApiOf, withdrawnApi } from '../../platform/corrections/index.js';
import { inRecordRange, isRealDate } from '../../platform/time.js';
import type { ActionRow } from './repository.js';
import { ACTION_STATUSES, isOverdue } from './rules.js';

/** A calendar date ('YYYY-MM-DD') in the record's range. */
export const dueDate = z
  .string({ error: 'Enter the due date' })
  .refine(isRealDate, 'Enter the due date as a real date, like 2026-03-04')
  .refine((v) => !isRealDate(v) || inRecordRange(v), 'Enter a due date within the next 20 years');

const optionalId = (message: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(z.string().uuid(message).optional());

export const actionInput = z.strictObject({
  description: z
    .string({ error: 'Enter what is to be done' })
    .trim()
    .min(1, 'Enter what is to be done')
    .max(2_000, 'What is to be done must be 2,000 characters or fewer'),
  ownerUserId: optionalId('Choose a person from the list').describe('The person who owns it (or an agency)'),
  ownerAgencyId: optionalId('Choose an agency from the list').describe(
    'The agency that owns it, when no person is named',
  ),
  dueOn: dueDate,
});
export type ActionInput = z.infer<typeof actionInput>;

export const statusInput = z.strictObject({
  status: z.enum(ACTION_STATUSES, 'Select the action’s status'),
  reason: z.string().trim().max(2_000, 'The reason must be 2,000 characters or fewer').optional(),
  version: z.coerce.number({ error: 'The form is missing its version' }).int().min(1),
});

export const actionApi = z.object({
  id: z.string().uuid(),
  caseId: z.string().uuid(),
  reference: z.string(),
  meetingId: z.string().uuid().nullable(),
  meetingItemId: z.string().uuid().nullable(),
  description: z.string(),
  ownerUserId: z.string().uuid().nullable(),
  ownerAgencyId: z.string().uuid().nullable(),
  owner: z.string(),
  dueOn: z.string(),
  status: z.enum(ACTION_STATUSES),
  overdue: z.boolean(),
  notDoneReason: z.string(),
  version: z.number().int(),
  source: z
    .object({ kind: z.enum(['risk_assessment']), id: z.string().uuid() })
    .nullable()
    .describe('the risk management plan it came from (its assessment), or null'),
  withdrawn: withdrawnApi,
});
export const actionListApi = z.object({ items: z.array(actionApi) });

/** An action as the API gives it, with whether it is overdue on `today`. */
export const toApi = (a: ActionRow, today: string): z.infer<typeof actionApi> => ({
  id: a.id,
  caseId: a.caseId,
  reference: a.reference,
  meetingId: a.meetingId,
  meetingItemId: a.meetingItemId,
  description: a.description,
  ownerUserId: a.ownerUserId,
  ownerAgencyId: a.ownerAgencyId,
  owner: a.owner,
  dueOn: a.dueOn,
  status: a.status,
  overdue: isOverdue(a, today),
  notDoneReason: a.notDoneReason,
  version: a.version,
  source: a.source,
  withdrawn: withdrawalApiOf(a.withdrawn),
});

/** A place in a list of actions as a query string gives it: the row's due date and id, `2026-03-04_<uuid>`. */
const actionCursor = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}_[0-9a-f-]{36}$/i, 'Not a place in the list')
  .refine((v) => isRealDate(v.slice(0, 10)), 'Not a place in the list')
  .refine((v) => z.string().uuid().safeParse(v.slice(11)).success, 'Not a place in the list')
  .transform((v) => ({ dueOn: v.slice(0, 10), id: v.slice(11) }));
const after = actionCursor.optional().describe('the page after this place (the `next` of a page)');
const before = actionCursor.optional().describe('the page before this place (the `previous` of a page)');

/** My actions' query: which list (open by default) and where in it (`after` or `before` a row). */
export const mineQuery = z.object({
  show: z.enum(['open', 'closed']).default('open').describe('open actions, or those done or not done'),
  after,
  before,
});
/** The overdue actions' query: where in the list. */
export const overdueQuery = z.object({ after, before });

/** A cursor as the query string carries it. */
export const cursorParam = (c: { dueOn: string; id: string } | null) => (c ? `${c.dueOn}_${c.id}` : null);

/** A page of actions, with how many there are and the places of the pages either side. */
export const actionPageApi = actionListApi.extend({
  total: z.number().int().describe('how many actions the list holds, counted up to 1,000'),
  totalCapped: z.boolean().describe('true when there are more than 1,000 (total stops at 1,000)'),
  next: z.string().nullable().describe('pass as `after` for the next page, or null on the last'),
  previous: z.string().nullable().describe('pass as `before` for the previous page, or null on the first'),
});
export const myActionsApi = actionPageApi.extend({ show: z.enum(['open', 'closed']) });
