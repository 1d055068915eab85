import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { caseIdOf, optionalUuidParam } from '../../platform/case-context.js';
import { registerWithdrawal, standingRecord, withdrawRecord } from '../../platform/corrections/index.js';
import { Conflict, NotFound } from '../../platform/errors.js';
import { formatDate } from '../../platform/views/format.js';
import { listMappa, listMaracMeetings, listMaracReferrals, standingMeetingsOf } from './repository.js';
import { LEAD_AGENCY_TEXT, REFERRING_AGENCY_TEXT } from './schemas.js';

const target = (request: FastifyRequest) => ({
  caseId: caseIdOf(request),
  id: optionalUuidParam(request, 'recordId') ?? '',
});
const params = z.object({ id: z.string(), recordId: z.string() });

const MAPPA = { table: 'mappa_record', compartment: 'core', what: 'MAPPA record' } as const;
const REFERRAL = { table: 'marac_referral', compartment: 'core', what: 'MARAC referral' } as const;
const MEETING = { table: 'marac_meeting', compartment: 'core', what: 'MARAC meeting' } as const;

/** A referral still heard at a standing meeting stays: its meetings are withdrawn first. */
const stillHeard = () =>
  new Conflict(
    'This MARAC referral was heard at a meeting',
    'Withdraw the MARAC meetings that heard it first: a meeting hears a referral.',
    [{ field: 'reason', message: 'Withdraw the MARAC meetings that heard this referral first' }],
  );

/**
 * Withdrawing MAPPA records, MARAC referrals and MARAC meetings entered in error (issue 11): each
 * from its page through the confirmation page with a reason, or the API. A withdrawn one leaves
 * its list, the timeline and, for MAPPA, the level in force (the overview, Reviews due and the
 * review alerts then follow the latest record standing); it stays listed as withdrawn.
 */
export function registerMappaMaracWithdrawals(app: FastifyInstance): void {
  registerWithdrawal(app, {
    recordPath: '/cases/:id/mappa/:recordId',
    apiPath: '/api/v1/cases/:id/mappa/:recordId',
    apiParams: params,
    tag: 'mappa-marac',
    what: MAPPA.what,
    recordType: MAPPA.table,
    caseTab: 'mappa',
    consequence:
      'It will no longer count as MAPPA management: it leaves the list and the timeline, and the latest record standing is the one in force (on the overview, Reviews due and the review alerts). It stays listed as withdrawn, with your reason.',
    target,
    confirm: async (tx, user, t) => {
      const h = await standingRecord(tx, user, { ...MAPPA, ...t }, 'withdraw a MAPPA record');
      const m = (await listMappa(tx, t.caseId)).find((r) => r.id === t.id);
      if (!m) throw new NotFound();
      return {
        h,
        summary: [
          { key: { text: 'MAPPA' }, value: { text: `Category ${m.category}, level ${m.level}` } },
          {
            key: { text: 'Lead agency' },
            value: {
              text: LEAD_AGENCY_TEXT[m.lead_agency as keyof typeof LEAD_AGENCY_TEXT] ?? m.lead_agency,
            },
          },
          { key: { text: 'From' }, value: { text: formatDate(m.starts_on) } },
          { key: { text: 'In force' }, value: { text: m.current ? 'Yes' : 'No, superseded' } },
          { key: { text: 'Recorded by' }, value: { text: m.recorded_by } },
        ],
      };
    },
    withdraw: (tx, user, actor, t, reason, channel) =>
      withdrawRecord(tx, user, actor, { ...MAPPA, ...t }, reason, channel),
    back: (t) => `/cases/${t.caseId}/mappa`,
    done: (t) => `/cases/${t.caseId}/mappa`,
  });

  registerWithdrawal(app, {
    recordPath: '/cases/:id/marac/:recordId',
    apiPath: '/api/v1/cases/:id/marac/:recordId',
    apiParams: params,
    tag: 'mappa-marac',
    what: REFERRAL.what,
    recordType: REFERRAL.table,
    caseTab: 'marac',
    consequence:
      'It will no longer count as a referral to MARAC: it leaves the list and the timeline, and no meeting can hear it. It stays listed as withdrawn, with your reason.',
    target,
    confirm: async (tx, user, t) => {
      const h = await standingRecord(tx, user, { ...REFERRAL, ...t }, 'withdraw a MARAC referral');
      const r = (await listMaracReferrals(tx, t.caseId)).find((x) => x.id === t.id);
      if (!r) throw new NotFound();
      if (r.meetings.length) throw stillHeard();
      return {
        h,
        summary: [
          { key: { text: 'Date of the referral' }, value: { text: formatDate(r.referred_on) } },
          {
            key: { text: 'Agency that referred' },
            value: {
              text:
                REFERRING_AGENCY_TEXT[r.referring_agency as keyof typeof REFERRING_AGENCY_TEXT] ??
                r.referring_agency,
            },
          },
          { key: { text: 'Why' }, value: { text: r.reason } },
          { key: { text: 'Recorded by' }, value: { text: r.recorded_by } },
        ],
      };
    },
    withdraw: async (tx, user, actor, t, reason, channel) => {
      await standingRecord(tx, user, { ...REFERRAL, ...t }, 'withdraw a MARAC referral');
      if (await standingMeetingsOf(tx, t.caseId, t.id)) throw stillHeard();
      await withdrawRecord(tx, user, actor, { ...REFERRAL, ...t }, reason, channel);
    },
    back: (t) => `/cases/${t.caseId}/marac`,
    done: (t) => `/cases/${t.caseId}/marac`,
  });

  registerWithdrawal(app, {
    recordPath: '/cases/:id/marac-meetings/:recordId',
    apiPath: '/api/v1/cases/:id/marac-meetings/:recordId',
    apiParams: params,
    tag: 'mappa-marac',
    what: MEETING.what,
    recordType: MEETING.table,
    caseTab: 'marac-meetings',
    consequence:
      'It will no longer count as a MARAC meeting: it leaves the list, its referral and the timeline. It stays listed as withdrawn, with your reason.',
    target,
    confirm: async (tx, user, t) => {
      const h = await standingRecord(tx, user, { ...MEETING, ...t }, 'withdraw a MARAC meeting');
      const m = (await listMaracMeetings(tx, t.caseId)).find((x) => x.id === t.id);
      if (!m) throw new NotFound();
      return {
        h,
        summary: [
          { key: { text: 'Date of the meeting' }, value: { text: formatDate(m.meeting_on) } },
          { key: { text: 'Referral' }, value: { text: `Referred ${formatDate(m.referred_on)}` } },
          { key: { text: 'Outcome' }, value: { text: m.outcome } },
          { key: { text: 'Recorded by' }, value: { text: m.recorded_by } },
        ],
      };
    },
    withdraw: (tx, user, actor, t, reason, channel) =>
      withdrawRecord(tx, user, actor, { ...MEETING, ...t }, reason, channel),
    back: (t) => `/cases/${t.caseId}/marac-meetings`,
    done: (t) => `/cases/${t.caseId}/marac-meetings`,
  });
}
