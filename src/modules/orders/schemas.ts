import { z } from 'zod';
import { withdrawnApi } from '../../platform/corrections/index.js';
import { inRecordRange, outOfRangeMessage, todayInLondon } from '../../platform/time.js';
import {
  ACTIONS,
  CONDITION_KINDS,
  EVENT_KINDS,
  LATER_EVENT_KINDS,
  NOTIFICATION_TRIGGERS,
  ORDER_KINDS,
  SOURCES,
} from './rules.js';

const isReal = (v: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

/** A calendar date; `past`: not after today. */
const date = (label: string, options: { past?: boolean } = {}) => {
  const base = z
    .string({ error: `Enter ${label}` })
    .refine(isReal, `Enter ${label} as a real date, like 2026-03-04`)
    .refine(
      (v) => !isReal(v) || inRecordRange(v),
      outOfRangeMessage(label[0]!.toUpperCase() + label.slice(1)),
    );
  return options.past
    ? base.refine(
        (v) => !isReal(v) || v <= todayInLondon(),
        `${label[0]!.toUpperCase() + label.slice(1)} cannot be in the future`,
      )
    : base;
};

const text = (label: string, max: number) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .max(
      max,
      `${label[0]!.toUpperCase() + label.slice(1)} must be ${max.toLocaleString('en-GB')} characters or fewer`,
    );

const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .optional()
    .transform((v) => (v ? v : undefined));

export const conditionInput = z.strictObject({
  kind: z.enum(CONDITION_KINDS, 'Select whether the condition is a prohibition or a positive requirement'),
  text: text('the condition', 2_000),
  interventionRef: optionalText('The intervention', 500).describe(
    'A positive requirement: the assessment or intervention it requires (a name or reference)',
  ),
});
export type ConditionInput = z.infer<typeof conditionInput>;

export const orderInput = z.strictObject({
  kind: z.enum(ORDER_KINDS, 'Select the kind of order'),
  issuingBody: text('the court or issuing body', 200),
  reference: optionalText('The reference', 100),
  madeOn: date('the date the order was made', { past: true }),
  servedOn: date('the date the order was served', { past: true }).optional(),
  startsOn: date('the start date'),
  endsOn: date('the end date').optional(),
  untilFurtherOrder: z.boolean().default(false),
  supervisingPractitioner: optionalText('The supervising probation practitioner', 200),
  notes: optionalText('The notes', 10_000),
  protectedCaseVictimIds: z.array(z.string().uuid('Select a victim on this case')).default([]),
  protectedContactIds: z.array(z.string().uuid('Select a protected person on this case')).default([]),
  conditions: z.array(conditionInput).max(50, 'An order may have at most 50 conditions'),
});
export type OrderInput = z.infer<typeof orderInput>;

export const eventInput = z.strictObject({
  kind: z.enum(LATER_EVENT_KINDS, 'Select what happened to the order'),
  occurredOn: date('the date', { past: true }),
  newEndsOn: date('the new end date').optional(),
  newUntilFurtherOrder: z.boolean().default(false),
  addConditions: z.array(conditionInput).max(50).default([]),
  removeConditionIds: z.array(z.string().uuid('Choose conditions of this order')).default([]),
  victimView: optionalText('The victim’s view', 20_000).describe(
    'The victim’s view on the proposed change, as shared for the court',
  ),
  victimVoiceId: z.string().uuid('Choose an entry of the victim’s voice on this case').optional(),
  notes: optionalText('The notes', 10_000),
});
export type EventInput = z.infer<typeof eventInput>;

export const breachInput = z.strictObject({
  conditionId: z.string().uuid('Select the condition broken').optional(),
  failureToNotify: z.boolean().default(false),
  occurredOn: date('the date of the breach', { past: true }),
  cameToLight: z.enum(SOURCES, 'Select how the breach came to light'),
  incidentIds: z.array(z.string().uuid('Choose incidents on this case')).default([]),
  action: z.enum(ACTIONS, 'Select the action taken'),
  outcome: optionalText('The outcome', 10_000),
  description: text('what happened', 20_000),
});
export type BreachInput = z.infer<typeof breachInput>;

export const notificationInput = z.strictObject({
  trigger: z.enum(['change_of_name', 'change_of_address'], 'Select what changed'),
  triggerOn: date('the date of the change', { past: true }),
  notes: optionalText('The notes', 10_000),
});
export type NotificationInput = z.infer<typeof notificationInput>;

export const notifiedInput = z.strictObject({
  notifiedOn: date('the date the police were notified', { past: true }),
  notes: optionalText('The notes', 10_000),
});
export type NotifiedInput = z.infer<typeof notifiedInput>;

// --- API answers ------------------------------------------------------------------------------

export const conditionApi = z.object({
  id: z.string().uuid(),
  kind: z.enum(CONDITION_KINDS),
  text: z.string(),
  interventionRef: z.string().nullable(),
  addedEventId: z.string().uuid(),
  removedOn: z.string().nullable().describe('The date a variation removed it, if one has'),
});

export const eventApi = z.object({
  id: z.string().uuid(),
  kind: z.enum(EVENT_KINDS),
  occurredOn: z.string(),
  newEndsOn: z.string().nullable(),
  newUntilFurtherOrder: z.boolean().nullable(),
  removedConditionIds: z.array(z.string().uuid()),
  victimView: z.string().nullable(),
  victimVoiceId: z.string().uuid().nullable(),
  notes: z.string(),
  recordedBy: z.string(),
});

export const protectedApi = z.object({
  caseVictimId: z.string().uuid().nullable(),
  protectedContactId: z.string().uuid().nullable(),
  name: z
    .string()
    .nullable()
    .describe('Null for another protected person when you may not read victim-contact details'),
  victimWithdrawn: z
    .boolean()
    .describe('The victim’s place on the case was withdrawn as entered in error; the order still names them'),
});

export const notificationApi = z.object({
  id: z.string().uuid(),
  trigger: z.enum(NOTIFICATION_TRIGGERS),
  triggerOn: z.string(),
  dueOn: z.string().describe('The last day of the 3 calendar days beginning with the trigger date'),
  notifiedOn: z.string().nullable(),
  overdue: z.boolean(),
  notes: z.string(),
});

export const breachApi = z.object({
  id: z.string().uuid(),
  orderId: z.string().uuid(),
  conditionId: z.string().uuid().nullable(),
  condition: z.string().nullable(),
  failureToNotify: z.boolean(),
  occurredOn: z.string(),
  cameToLight: z.enum(SOURCES),
  incidentIds: z.array(z.string().uuid()),
  action: z.enum(ACTIONS),
  outcome: z.string(),
  description: z.string(),
  recordedBy: z.string(),
});

export const orderApi = z.object({
  id: z.string().uuid(),
  kind: z.enum(ORDER_KINDS),
  issuingBody: z.string(),
  reference: z.string().nullable(),
  madeOn: z.string(),
  servedOn: z.string().nullable(),
  startsOn: z.string(),
  endsOn: z.string().nullable().describe('The end as it stands today, after any renewal'),
  untilFurtherOrder: z.boolean(),
  inForce: z.boolean(),
  supervisingPractitioner: z.string().nullable(),
  notes: z.string(),
});

export const orderDetailApi = orderApi.extend({
  on: z.string().describe('The date the conditions in force are given for'),
  conditionsInForce: z.array(z.string().uuid()),
  conditions: z.array(conditionApi),
  events: z.array(eventApi),
  protectedPeople: z.array(protectedApi),
  notifications: z.array(notificationApi),
  breaches: z.array(breachApi),
  withdrawn: withdrawnApi,
});

export const orderQuery = z.object({
  on: z
    .string()
    .refine(isReal, 'on must be a real date, like 2026-03-04')
    .optional()
    .describe('The date to give the conditions in force on (default today)'),
});
