import { z } from 'zod';
import { recordAudit } from '../../platform/audit/record.js';
import { toCsv } from '../../platform/csv.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import { NotFound } from '../../platform/errors.js';
import { todayInLondon } from '../../platform/time.js';
import { CASES_FILE, dictionaryMarkdown, EVENT_FILES } from './dictionary.js';
import { ageBand, COHORTS, daysBetween, followUpEnd, OUTCOMES, START_DATES } from './framework.js';
import { parseFilters, type Filters } from './filters.js';
import * as repo from './repository.js';
import { observationsOf, scope } from './service.js';
import { dateShiftDays, kAnonymise, pseudonym, shiftDate } from './pseudonymise.js';

/** The default k for k-anonymity; the person asking may choose 2 to 100. */
export const DEFAULT_K = 5;

export const extractRequestSchema = z.object({
  purpose: z
    .string()
    .trim()
    .min(1, 'Enter why the extract is needed')
    .max(2000, 'The purpose must be 2,000 characters or fewer'),
  agreementReference: z
    .string()
    .trim()
    .min(1, 'Enter the reference of the data sharing agreement the extract falls under')
    .max(200, 'The reference must be 200 characters or fewer'),
  k: z.coerce
    .number({ message: 'Enter k as a whole number from 2 to 100' })
    .int('Enter k as a whole number from 2 to 100')
    .min(2, 'Enter k as a whole number from 2 to 100')
    .max(100, 'Enter k as a whole number from 2 to 100'),
});
export type ExtractRequest = z.infer<typeof extractRequestSchema>;

export const EXTRACT_FILES = ['cases', ...EVENT_FILES.map((f) => f.name), 'dictionary'] as const;

type Built = {
  cases: string[][];
  events: Record<string, string[][]>;
  coarsened: number;
  withheld: number;
};

type ExtractSpec = {
  id: string;
  siteIds: string[];
  from: string | null;
  to: string | null;
  start: string;
  k: number;
  asOf: Date;
};

/** Builds every file of the extract from its record: the same record always gives the same files. */
async function build(tx: Tx, spec: ExtractSpec, key: string, only?: string): Promise<Built> {
  const asOf = spec.asOf;
  const sites = await repo.evaluationSites(tx);
  const codeOf = new Map(sites.map((s) => [s.id, s.code]));
  const allowed = spec.siteIds.filter((id) => codeOf.has(id));
  if (!allowed.length) throw new NotFound();
  const cases = await repo.caseRows(tx, allowed, spec.from, spec.to, asOf);
  const observations = await observationsOf(tx, cases, spec.start, asOf);
  const startRule = START_DATES.find((s) => s.key === spec.start)!;
  const dataDate = todayInLondon(asOf);

  const pseudo = new Map<string, string>();
  const shift = new Map<string, number>();
  const released = cases.map((c) => {
    const p = pseudonym(key, spec.id, c.caseId);
    const d = dateShiftDays(key, spec.id, c.caseId);
    pseudo.set(c.caseId, p);
    shift.set(c.caseId, d);
    const start = startRule.of(c);
    const obs = observations.get(c.caseId);
    const followup = start && obs ? String(daysBetween(start, followUpEnd(c, start, dataDate))) : '';
    const row: Record<string, string> = {
      pseudonym: p,
      site: codeOf.get(c.siteId) ?? '',
      age_band: ageBand(c.ageAtReferral),
      typology: c.typology ?? 'Not assessed',
      risk_at_entry: c.riskAtEntry ?? 'Not assessed',
      referred_on: shiftDate(c.referredOn, d),
      accepted_on: shiftDate(c.acceptedOn, d),
      accepted_mode: c.acceptedMode ?? '',
      intervention_on: shiftDate(c.interventionOn, d),
      declined_on: shiftDate(c.declinedOn, d),
      discharged_on: shiftDate(c.dischargedOn, d),
      discharge_kind: c.dischargeKind ?? '',
      unplanned_reason: c.unplannedReason ?? '',
      first_session_on: shiftDate(c.firstSessionOn, d),
    };
    for (const cohort of COHORTS) row[`cohort_${cohort.key}`] = cohort.member(c) ? '1' : '0';
    row.start_on = obs ? shiftDate(start, d) : '';
    row.followup_days = followup;
    for (const o of OUTCOMES) {
      const x = obs?.[o.key] ?? null;
      row[`${o.key}_days`] = x ? String(x.time) : '';
      row[`${o.key}_event`] = x ? (x.event ? '1' : '0') : '';
    }
    return row;
  });
  const anonymised = kAnonymise(released, spec.k, ['site'], ['age_band', 'typology', 'risk_at_entry']);
  const kept = new Set(anonymised.rows.map((r) => r.pseudonym));
  const header = CASES_FILE.columns.map((c) => c.name);
  const caseTable = anonymised.rows.map((r) => header.map((h) => r[h] ?? ''));

  const keptIds = cases.filter((c) => kept.has(pseudo.get(c.caseId)!)).map((c) => c.caseId);
  const events: Record<string, string[][]> = {};
  for (const kind of repo.EVENT_KINDS) {
    if (only && only !== kind) continue;
    const rows = await repo.events(tx, keptIds, kind, asOf);
    events[kind] = rows.map((e) => {
      const d = shift.get(e.caseId) ?? 0;
      const base = [pseudo.get(e.caseId)!, shiftDate(e.on, d), e.code, e.detail];
      return kind === 'sessions' || kind === 'outcome_measures'
        ? [...base, e.amount === null ? '' : String(e.amount)]
        : base;
    });
  }
  return { cases: caseTable, events, coarsened: anonymised.coarsened, withheld: anonymised.withheld };
}

/**
 * Records a research extract for the filters (who asked, why, under which agreement, k, when and
 * what it holds) and audits it as a disclosure. Returns its id; its files are downloaded one by one.
 */
export async function createExtract(
  tx: Tx,
  actor: Actor,
  userId: string,
  request: ExtractRequest,
  filters: Filters,
  key: string,
): Promise<string> {
  const { chosen } = await scope(tx, filters);
  const asOf = new Date();
  const row = await tx
    .insertInto('evaluation_extract')
    .values({
      requested_by: userId,
      purpose: request.purpose,
      agreement_reference: request.agreementReference,
      site_ids: chosen.map((s) => s.id),
      period_from: filters.from,
      period_to: filters.to,
      start_date: filters.start,
      k: request.k,
      as_of: asOf,
      case_rows: 0,
      coarsened: 0,
      withheld: 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const built = await build(
    tx,
    {
      id: row.id,
      siteIds: chosen.map((s) => s.id),
      from: filters.from,
      to: filters.to,
      start: filters.start,
      k: request.k,
      asOf,
    },
    key,
  );
  const counts = Object.fromEntries(Object.entries(built.events).map(([k, v]) => [k, v.length]));
  await tx
    .updateTable('evaluation_extract')
    .set({
      event_rows: JSON.stringify({
        cases: built.cases.length,
        ...counts,
        coarsened: built.coarsened,
        withheld: built.withheld,
      }),
    })
    .where('id', '=', row.id)
    .execute();
  await recordAudit(tx, actor, {
    action: 'evaluation.extract.created',
    reason: request.purpose.slice(0, 200),
    recordType: 'evaluation_extract',
    recordId: row.id,
    details: {
      agreement: request.agreementReference.slice(0, 100),
      k: request.k,
      cases: built.cases.length,
      withheld: built.withheld,
    },
  });
  return row.id;
}

export type ExtractRecord = {
  id: string;
  purpose: string;
  agreementReference: string;
  createdAt: Date;
  asOf: Date;
  k: number;
  start: string;
  counts: Record<string, number>;
};

/** The extracts this user may see (their own; a national coordinator sees all: migration 026). */
export async function listExtracts(tx: Tx): Promise<ExtractRecord[]> {
  const rows = await tx
    .selectFrom('evaluation_extract')
    .selectAll()
    .orderBy('created_at', 'desc')
    .limit(50)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    purpose: r.purpose,
    agreementReference: r.agreement_reference,
    createdAt: r.created_at,
    asOf: r.as_of,
    k: r.k,
    start: r.start_date,
    counts: r.event_rows,
  }));
}

/** One file of an extract, as CSV (or the dictionary as Markdown), audited as a disclosure. */
export async function extractFile(
  tx: Tx,
  actor: Actor,
  extractId: string,
  file: string,
  key: string,
): Promise<{ body: string; type: string; filename: string }> {
  if (!(EXTRACT_FILES as readonly string[]).includes(file)) throw new NotFound();
  const rec = await tx
    .selectFrom('evaluation_extract')
    .selectAll()
    .where('id', '=', extractId)
    .executeTakeFirst();
  if (!rec || rec.requested_by !== actor.userId) throw new NotFound();
  const spec: ExtractSpec = {
    id: rec.id,
    siteIds: rec.site_ids,
    from: rec.period_from,
    to: rec.period_to,
    start: rec.start_date,
    k: rec.k,
    asOf: rec.as_of,
  };
  await recordAudit(tx, actor, {
    action: 'evaluation.extract.disclosed',
    reason: rec.purpose.slice(0, 200),
    recordType: 'evaluation_extract',
    recordId: rec.id,
    details: { file, agreement: rec.agreement_reference.slice(0, 100) },
  });
  const short = rec.id.slice(0, 8);
  if (file === 'dictionary') {
    const counts = rec.event_rows;
    return {
      body: dictionaryMarkdown({
        id: rec.id,
        asOf: todayInLondon(rec.as_of),
        start: rec.start_date,
        k: rec.k,
        caseRows: counts.cases ?? 0,
        coarsened: counts.coarsened ?? 0,
        withheld: counts.withheld ?? 0,
      }),
      type: 'text/markdown; charset=utf-8',
      filename: `extract-${short}-dictionary.md`,
    };
  }
  const built = await build(tx, spec, key, file === 'cases' ? 'none' : file);
  const def = file === 'cases' ? CASES_FILE : EVENT_FILES.find((f) => f.name === file)!;
  const rows = file === 'cases' ? built.cases : (built.events[file] ?? []);
  return {
    body: toCsv(
      def.columns.map((c) => c.name),
      rows,
    ),
    type: 'text/csv; charset=utf-8',
    filename: `extract-${short}-${file}.csv`,
  };
}

/** Parses the extract form, reading the report's filters from the same post. */
export function extractForm(body: Record<string, unknown>): { input: unknown; filters: Filters } {
  return {
    input: {
      purpose: body.purpose ?? '',
      agreementReference: body.agreementReference ?? '',
      k: body.k ?? '',
    },
    filters: parseFilters(body),
  };
}
