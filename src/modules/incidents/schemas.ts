import {
  amendmentItemApi,
  correctionReasonFor,
  recordVersion,
  withdrawnApi,
} from '../../platform/corrections/index.js';
import { z } from 'zod';
import {
  EARLIEST_YEAR,
  londonLocalTime,
  momentInRecordRange,
  repeatedTimeMessage,
  skippedTimeMessage,
} from '../../platform/time.js';

/** The behaviours of a course of conduct, in the order the form lists them. */
export const BEHAVIOURS = [
  'following',
  'contacting',
  'publishing',
  'monitoring_communications',
  'loitering',
  'interfering_with_property',
  'watching',
  'threats',
  'violence',
  'online',
  'other',
] as const;
export type Behaviour = (typeof BEHAVIOURS)[number];

/** Who reported an incident. */
export const REPORTERS = ['victim_diary', 'advocate', 'police', 'probation', 'health'] as const;
export type Reporter = (typeof REPORTERS)[number];

export const BEHAVIOUR_LABELS: Record<Behaviour, string> = {
  following: 'Following',
  contacting: 'Contacting or attempting to contact',
  publishing: 'Publishing material',
  monitoring_communications: 'Monitoring electronic communications',
  loitering: 'Loitering',
  interfering_with_property: 'Interfering with property',
  watching: 'Watching or spying',
  threats: 'Threats',
  violence: 'Violence',
  online: 'Online or cyber',
  other: 'Other',
};

export const REPORTER_LABELS: Record<Reporter, string> = {
  victim_diary: 'Victim diary',
  advocate: 'Advocate',
  police: 'Police',
  probation: 'Probation',
  health: 'Health',
};

/**
 * A moment: 'YYYY-MM-DD' (the start of that day, UK time), 'YYYY-MM-DDTHH:MM' (UK local time) or a
 * full ISO 8601 date-time with an offset.
 */
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** UK local wall-clock time to an instant (Europe/London, with summer time). */
export function ukLocalToDate(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): Date | null {
  const guess = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(guess);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  const offsetAt = (t: number) => {
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).formatToParts(new Date(t));
    const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - t;
  };
  return new Date(guess - offsetAt(guess - offsetAt(guess)));
}

/**
 * A moment as typed, or why it cannot be one. A UK local time the clocks skipped, or one they
 * repeated, is refused with words that say so: the form asks which was meant (BST or GMT), and the
 * API takes the time with its offset. A victim's time is never moved silently.
 */
export function readMoment(value: string, label: string): { at: Date } | { problem: string } {
  const v = value.trim();
  const m = LOCAL.exec(v);
  if (m) {
    const [, y, mo, d, h, mi, s] = m;
    const date = `${y}-${mo}-${d}`;
    if (h === undefined) {
      const at = ukLocalToDate(Number(y), Number(mo), Number(d));
      return at ? { at } : { problem: `${label} must be a real date, like 2026-03-04 or 2026-03-04T14:30` };
    }
    const time = `${h}:${mi}${s === undefined ? '' : `:${s}`}`;
    const local = londonLocalTime(date, time);
    if (!local) return { problem: `${label} must be a real date, like 2026-03-04 or 2026-03-04T14:30` };
    if (local.kind === 'skipped') return { problem: `${label}: ${skippedTimeMessage(date, time)}` };
    if (local.kind === 'repeated') {
      const [a, b] = local.readings;
      return {
        problem:
          `${label}: ${repeatedTimeMessage(date, time, local.readings)}, ` +
          `by giving the offset: ${date}T${time}${a.offset} or ${date}T${time}${b.offset}`,
      };
    }
    return { at: local.at };
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v))
    return { problem: `${label} must be a real date, like 2026-03-04 or 2026-03-04T14:30` };
  const d = new Date(v);
  return Number.isNaN(d.getTime())
    ? { problem: `${label} must be a real date, like 2026-03-04 or 2026-03-04T14:30` }
    : { at: d };
}

/** A moment, or null when it is not one (see readMoment). */
export function parseMoment(value: string): Date | null {
  const r = readMoment(value, 'The time');
  return 'at' in r ? r.at : null;
}

const moment = (label: string) =>
  z.union([z.string(), z.date()]).transform((v, ctx) => {
    const read = v instanceof Date ? { at: v } : readMoment(v, label);
    if ('problem' in read || Number.isNaN(read.at.getTime())) {
      ctx.addIssue({
        code: 'custom',
        message:
          'problem' in read
            ? read.problem
            : `${label} must be a real date, like 2026-03-04 or 2026-03-04T14:30`,
      });
      return z.NEVER;
    }
    const d = read.at;
    if (!momentInRecordRange(d)) {
      ctx.addIssue({ code: 'custom', message: `${label} must be in ${EARLIEST_YEAR} or later` });
      return z.NEVER;
    }
    return d;
  });

/** A small allowance for clocks that disagree: "now" on the user's device is not in the future. */
const FUTURE_SLACK_MS = 5 * 60 * 1000;

/**
 * One incident, from the form, the API or a diary import. When it happened is exact (occurredFrom)
 * or approximate, a range from occurredFrom to occurredTo; never in the future, and a range never
 * ends before it starts.
 */
export const incidentInput = z
  .strictObject({
    occurredFrom: moment('When it happened (from)'),
    occurredTo: moment('When it happened (to)').nullish(),
    approximate: z.boolean().default(false),
    behaviours: z
      .array(z.enum(BEHAVIOURS, { message: 'Choose behaviours from the list' }))
      .min(1, 'Select at least one behaviour')
      .transform((b) => [...new Set(b)]),
    reportedBy: z.enum(REPORTERS, { message: 'Select who reported it' }),
    caseVictimId: z.string().uuid('Select a victim on this case').nullish(),
    description: z
      .string({ message: 'Enter a description' })
      .trim()
      .min(1, 'Enter a description')
      .max(10000, 'Description must be 10,000 characters or fewer'),
  })
  .superRefine((v, ctx) => {
    const now = Date.now() + FUTURE_SLACK_MS;
    if (v.occurredFrom.getTime() > now)
      ctx.addIssue({
        code: 'custom',
        path: ['occurredFrom'],
        message: 'When it happened must be today or in the past',
      });
    if (v.occurredTo) {
      if (v.occurredTo.getTime() > now)
        ctx.addIssue({
          code: 'custom',
          path: ['occurredTo'],
          message: 'The end of the range must be today or in the past',
        });
      if (v.occurredTo.getTime() < v.occurredFrom.getTime())
        ctx.addIssue({
          code: 'custom',
          path: ['occurredTo'],
          message: 'The end of the range must be the same as or after its start',
        });
    }
  });
export type IncidentInput = z.infer<typeof incidentInput>;

export const evidenceApi = z.object({
  id: z.string().uuid(),
  fileName: z.string().nullable().describe('null when the file is withheld (under break-glass)'),
  contentWithheld: z
    .boolean()
    .describe('true under break-glass: the file is listed but its name and content are not served'),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  uploadedBy: z.string(),
  uploadedAt: z.string().datetime(),
  withdrawn: withdrawnApi,
});

export const incidentApi = z.object({
  id: z.string().uuid(),
  occurredFrom: z.string().datetime(),
  occurredTo: z.string().datetime().nullable(),
  approximate: z.boolean(),
  behaviours: z.array(z.enum(BEHAVIOURS)),
  reportedBy: z.enum(REPORTERS),
  caseVictimId: z.string().uuid().nullable(),
  description: z.string(),
  importBatch: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string().datetime(),
  version: z.number().int().describe('the version a correction must name (it goes up with each)'),
  withdrawn: withdrawnApi,
});

export const incidentDetailApi = incidentApi.extend({ evidence: z.array(evidenceApi) });

export const correctionReason = correctionReasonFor('incident');

/** A correction through the API: the incident as it should now be, the reason, the version read. */
export const incidentAmendmentApi = z.strictObject({
  version: recordVersion,
  reason: correctionReason,
  incident: incidentInput,
});

export const incidentAmendmentItemApi = amendmentItemApi;

/** The choices the incident form offers (recording and correcting), and the labels pages show. */
export const incidentFormChoices = {
  behaviourItems: BEHAVIOURS.map((b) => ({ value: b, text: BEHAVIOUR_LABELS[b] })),
  reporterItems: REPORTERS.map((r) => ({ value: r, text: REPORTER_LABELS[r] })),
  behaviourLabels: BEHAVIOUR_LABELS,
  reporterLabels: REPORTER_LABELS,
};
