import type { FastifyPluginAsync } from 'fastify';
import { registerCaseRecords } from '../../platform/case-records.js';
import { dateFromParts } from '../../platform/http/dates.js';
import { outcomeProblems, newOffenceProblems } from './rules.js';
import {
  findCharge,
  insertCharge,
  insertNewOffence,
  insertOutcome,
  listCharges,
  listNewOffences,
  listOutcomes,
  listWithdrawn,
  listWithdrawnCharges,
  referralDate,
} from './repository.js';
import { registerOffendingWithdrawals } from './withdrawals.js';
import {
  CLASSIFICATION_TEXT,
  EVENT_TEXT,
  OUTCOME_TEXT,
  SENTENCE_TEXT,
  SOURCE_TEXT,
  chargeApi,
  chargeInput,
  newOffenceApi,
  newOffenceInput,
  outcomeApi,
  outcomeInput,
  type Classification,
} from './schemas.js';

type Enum<T extends Record<string, string>> = keyof T & string;

/** the words every page of the court and offending tab shows its records with */
const WORDS = {
  classifications: CLASSIFICATION_TEXT,
  outcomes: OUTCOME_TEXT,
  sentences: SENTENCE_TEXT,
  events: EVENT_TEXT,
  sources: SOURCE_TEXT,
};

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
/** an optional whole number typed in a form: blank is none; anything else is checked by the schema */
const optionalNumber = (v: unknown): number | undefined => {
  const s = text(v).trim();
  return s === '' ? undefined : /^\d+$/.test(s) ? Number(s) : Number.NaN;
};

/**
 * Court and offending on a case (core): charges, their outcomes as dated records (a later outcome,
 * e.g. on appeal, is added, never written over), and new offending after referral.
 */
export const offendingRoutes: FastifyPluginAsync = async (app) => {
  registerCaseRecords(app, {
    slug: 'charges',
    compartment: 'core',
    recordType: 'court_charge',
    title: 'Court and offending: charges',
    template: 'offending/views/charges.njk',
    writeVerb: 'record a charge',
    input: chargeInput,
    apiItem: chargeApi,
    fromForm: (f) => ({
      classification: text(f.classification) || undefined,
      wording: f.wording,
      chargedOn: dateFromParts(f, 'chargedOn'),
      court: text(f.court),
    }),
    list: (tx, caseId) => listCharges(tx, caseId),
    insert: (tx, caseId, user, input) => insertCharge(tx, caseId, user.id, input),
    toApi: (r) => ({
      id: r.id,
      classification: r.classification as Classification,
      wording: r.wording,
      chargedOn: r.charged_on,
      court: r.court,
      recordedBy: r.recorded_by,
      outcomes: r.outcomes.map((o) => ({
        id: o.id,
        outcome: o.outcome as Enum<typeof OUTCOME_TEXT>,
        outcomeOn: o.outcome_on,
        sentenceKind: o.sentence_kind as Enum<typeof SENTENCE_TEXT> | null,
        sentenceMonths: o.sentence_months,
      })),
    }),
    pageExtras: async (tx, caseId) => ({ words: WORDS, withdrawn: await listWithdrawnCharges(tx, caseId) }),
  });

  registerCaseRecords(app, {
    slug: 'court-outcomes',
    compartment: 'core',
    recordType: 'court_outcome',
    title: 'Court and offending: outcomes',
    template: 'offending/views/outcomes.njk',
    writeVerb: 'record a court outcome',
    input: outcomeInput,
    apiItem: outcomeApi,
    fromForm: (f) => ({
      chargeId: text(f.chargeId) || undefined,
      outcome: text(f.outcome) || undefined,
      outcomeOn: dateFromParts(f, 'outcomeOn'),
      // a sentence given with an outcome other than a conviction is refused, never dropped silently
      sentenceKind: text(f.sentenceKind) || undefined,
      sentenceMonths: optionalNumber(f.sentenceMonths),
      notes: text(f.notes),
    }),
    list: (tx, caseId) => listOutcomes(tx, caseId),
    check: async (tx, caseId, input) => {
      const charge = await findCharge(tx, caseId, input.chargeId);
      return outcomeProblems(input, charge ? { chargedOn: charge.charged_on } : null);
    },
    insert: (tx, caseId, user, input) => insertOutcome(tx, caseId, user.id, input),
    toApi: (r) => ({
      id: r.id,
      chargeId: r.charge_id,
      charge: r.charge_wording,
      classification: r.charge_classification as Classification,
      outcome: r.outcome as Enum<typeof OUTCOME_TEXT>,
      outcomeOn: r.outcome_on,
      sentenceKind: r.sentence_kind as Enum<typeof SENTENCE_TEXT> | null,
      sentenceMonths: r.sentence_months,
      notes: r.notes,
      recordedBy: r.recorded_by,
    }),
    pageExtras: async (tx, caseId) => ({
      words: WORDS,
      charges: await listCharges(tx, caseId),
      withdrawn: await listWithdrawn(tx, 'court_outcome', caseId),
    }),
  });

  registerCaseRecords(app, {
    slug: 'new-offending',
    compartment: 'core',
    recordType: 'new_offence',
    title: 'Court and offending: new offending',
    template: 'offending/views/new-offending.njk',
    writeVerb: 'record new offending',
    input: newOffenceInput,
    apiItem: newOffenceApi,
    fromForm: (f) => ({
      eventKind: text(f.eventKind) || undefined,
      classification: text(f.classification) || undefined,
      offenceOn: dateFromParts(f, 'offenceOn'),
      knownOn: dateFromParts(f, 'knownOn'),
      sourceAgency: text(f.sourceAgency) || undefined,
      details: text(f.details),
    }),
    list: (tx, caseId) => listNewOffences(tx, caseId),
    check: async (tx, caseId, input) => newOffenceProblems(input, await referralDate(tx, caseId)),
    insert: (tx, caseId, user, input) => insertNewOffence(tx, caseId, user.id, input),
    toApi: (r) => ({
      id: r.id,
      eventKind: r.event_kind as Enum<typeof EVENT_TEXT>,
      classification: r.classification as Classification,
      offenceOn: r.offence_on,
      knownOn: r.known_on,
      sourceAgency: r.source_agency as Enum<typeof SOURCE_TEXT>,
      details: r.details,
      recordedBy: r.recorded_by,
    }),
    pageExtras: async (tx, caseId) => ({
      words: WORDS,
      referredOn: await referralDate(tx, caseId),
      withdrawn: await listWithdrawn(tx, 'new_offence', caseId),
    }),
  });

  registerOffendingWithdrawals(app);
};
