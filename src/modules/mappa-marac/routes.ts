import type { FastifyPluginAsync } from 'fastify';
import { registerCaseRecords } from '../../platform/case-records.js';
import { dateFromParts } from '../../platform/http/dates.js';
import { todayInLondon } from '../../platform/time.js';
import {
  findMaracReferral,
  insertMappa,
  insertMaracMeeting,
  insertMaracReferral,
  listMappa,
  listMaracMeetings,
  listMaracReferrals,
  listWithdrawn,
} from './repository.js';
import { registerMappaMaracWithdrawals } from './withdrawals.js';
import { maracMeetingProblems, mappaProblems } from './rules.js';
import {
  LEAD_AGENCY_TEXT,
  MAPPA_CATEGORY_TEXT,
  MAPPA_LEVEL_TEXT,
  REFERRING_AGENCY_TEXT,
  maracMeetingApi,
  maracMeetingInput,
  maracReferralApi,
  maracReferralInput,
  mappaApi,
  mappaInput,
  type LEAD_AGENCIES,
  type REFERRING_AGENCIES,
} from './schemas.js';

const WORDS = {
  categories: MAPPA_CATEGORY_TEXT,
  levels: MAPPA_LEVEL_TEXT,
  leadAgencies: LEAD_AGENCY_TEXT,
  referringAgencies: REFERRING_AGENCY_TEXT,
};

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
/** a radio's value 1–3 as a number; anything else is left for the schema to refuse */
const choice = (v: unknown): number | undefined => (/^[123]$/.test(text(v)) ? Number(v) : undefined);

/**
 * MAPPA and MARAC on a case (core). MAPPA records are dated and appended: a change of category,
 * level or review date is a new record, and the latest is the one in force. MARAC referrals and the
 * meetings that heard them, with their outcomes. Each can be withdrawn as entered in error, and
 * then stays listed as withdrawn (withdrawals.ts).
 */
export const mappaMaracRoutes: FastifyPluginAsync = async (app) => {
  registerCaseRecords(app, {
    slug: 'mappa',
    compartment: 'core',
    recordType: 'mappa_record',
    title: 'MAPPA and MARAC: MAPPA',
    template: 'mappa-marac/views/mappa.njk',
    writeVerb: 'record MAPPA management',
    input: mappaInput,
    apiItem: mappaApi,
    fromForm: (f) => ({
      category: choice(f.category),
      level: choice(f.level),
      startsOn: dateFromParts(f, 'startsOn'),
      endsOn: dateFromParts(f, 'endsOn'),
      leadAgency: text(f.leadAgency) || undefined,
      nextReviewOn: dateFromParts(f, 'nextReviewOn'),
      notes: text(f.notes),
    }),
    list: (tx, caseId) => listMappa(tx, caseId),
    check: async (_tx, _caseId, input) => mappaProblems(input),
    insert: (tx, caseId, user, input) => insertMappa(tx, caseId, user.id, input),
    toApi: (r) => ({
      id: r.id,
      category: r.category,
      level: r.level,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      leadAgency: r.lead_agency as (typeof LEAD_AGENCIES)[number],
      nextReviewOn: r.next_review_on,
      notes: r.notes,
      current: r.current,
      recordedBy: r.recorded_by,
      recordedAt: r.created_at.toISOString(),
    }),
    pageExtras: async (tx, caseId) => ({
      words: WORDS,
      today: todayInLondon(),
      withdrawn: await listWithdrawn(tx, 'mappa_record', caseId),
    }),
  });

  registerCaseRecords(app, {
    slug: 'marac',
    compartment: 'core',
    recordType: 'marac_referral',
    title: 'MAPPA and MARAC: MARAC referrals',
    template: 'mappa-marac/views/marac.njk',
    writeVerb: 'record a MARAC referral',
    input: maracReferralInput,
    apiItem: maracReferralApi,
    fromForm: (f) => ({
      referredOn: dateFromParts(f, 'referredOn'),
      referringAgency: text(f.referringAgency) || undefined,
      reason: f.reason,
    }),
    list: (tx, caseId) => listMaracReferrals(tx, caseId),
    insert: (tx, caseId, user, input) => insertMaracReferral(tx, caseId, user.id, input),
    toApi: (r) => ({
      id: r.id,
      referredOn: r.referred_on,
      referringAgency: r.referring_agency as (typeof REFERRING_AGENCIES)[number],
      reason: r.reason,
      recordedBy: r.recorded_by,
      meetings: r.meetings.map((m) => ({ id: m.id, meetingOn: m.meeting_on, outcome: m.outcome })),
    }),
    pageExtras: async (tx, caseId) => ({
      words: WORDS,
      withdrawn: await listWithdrawn(tx, 'marac_referral', caseId),
    }),
  });

  registerCaseRecords(app, {
    slug: 'marac-meetings',
    compartment: 'core',
    recordType: 'marac_meeting',
    title: 'MAPPA and MARAC: MARAC meetings',
    template: 'mappa-marac/views/marac-meetings.njk',
    writeVerb: 'record a MARAC meeting',
    input: maracMeetingInput,
    apiItem: maracMeetingApi,
    fromForm: (f) => ({
      referralId: text(f.referralId) || undefined,
      meetingOn: dateFromParts(f, 'meetingOn'),
      outcome: f.outcome,
    }),
    list: (tx, caseId) => listMaracMeetings(tx, caseId),
    check: async (tx, caseId, input) => {
      const referral = await findMaracReferral(tx, caseId, input.referralId);
      return maracMeetingProblems(input, referral ? { referredOn: referral.referred_on } : null);
    },
    insert: (tx, caseId, user, input) => insertMaracMeeting(tx, caseId, user.id, input),
    toApi: (r) => ({
      id: r.id,
      referralId: r.referral_id,
      referredOn: r.referred_on,
      meetingOn: r.meeting_on,
      outcome: r.outcome,
      recordedBy: r.recorded_by,
    }),
    pageExtras: async (tx, caseId) => ({
      words: WORDS,
      referrals: await listMaracReferrals(tx, caseId),
      withdrawn: await listWithdrawn(tx, 'marac_meeting', caseId),
    }),
  });

  registerMappaMaracWithdrawals(app);
};
