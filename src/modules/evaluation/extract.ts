import { z } from 'zod';
import { recordAudit } from '../../platform/audit/record.js';
import { csvLines } from '../../platform/csv.js';
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

/** A case's quasi-identifiers as released (some coarsened by k-anonymity), and which case it is. */
type Quasi = { at: string; site: string; age_band: string; typology: string; risk_at_entry: string };

/** The extract's cases, released: pseudonymised, k-anonymised, with what each kept case maps to. */
type Released = {
  /** the kept cases' rows, each made only as it is written (so 500,000 are never held as text) */
  rows: () => Generator<string[]>;
  count: number;
  /** each kept case's pseudonym and date shift, by its internal id (never released) */
  pseudo: Map<string, string>;
  shift: Map<string, number>;
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

/**
 * The extract's case table from its record (the same record always gives the same rows): loads the
 * cases once, observes each from the start date, k-anonymises their quasi-identifiers (site, age
 * band, typology, risk at entry) and pseudonymises the cases kept. Leaves the kept cases as the
 * cohort (repository.useCohort), for the event tables.
 */
async function releaseCases(tx: Tx, spec: ExtractSpec, key: string): Promise<Released> {
  const asOf = spec.asOf;
  const sites = await repo.evaluationSites(tx);
  const codeOf = new Map(sites.map((s) => [s.id, s.code]));
  const allowed = spec.siteIds.filter((id) => codeOf.has(id));
  if (!allowed.length) throw new NotFound();
  const cases = await repo.caseRows(tx, allowed, spec.from, spec.to, asOf);
  const observations = await observationsOf(tx, cases, spec.start, asOf);
  const startRule = START_DATES.find((s) => s.key === spec.start)!;
  const dataDate = todayInLondon(asOf);

  const quasi: Quasi[] = cases.map((c, i) => ({
    at: String(i),
    site: codeOf.get(c.siteId) ?? '',
    age_band: ageBand(c.ageAtReferral),
    typology: c.typology ?? 'Not assessed',
    risk_at_entry: c.riskAtEntry ?? 'Not assessed',
  }));
  const anonymised = kAnonymise(quasi, spec.k, ['site'], ['age_band', 'typology', 'risk_at_entry']);
  const pseudo = new Map<string, string>();
  const shift = new Map<string, number>();
  for (const q of anonymised.rows) {
    const id = cases[Number(q.at)]!.caseId;
    pseudo.set(id, pseudonym(key, spec.id, id));
    shift.set(id, dateShiftDays(key, spec.id, id));
  }
  const header = CASES_FILE.columns.map((c) => c.name);
  const rowOf = (q: Quasi): string[] => {
    const c = cases[Number(q.at)]!;
    const d = shift.get(c.caseId)!;
    const start = startRule.of(c);
    const obs = observations.get(c.caseId);
    const row: Record<string, string> = {
      pseudonym: pseudo.get(c.caseId)!,
      site: q.site,
      age_band: q.age_band,
      typology: q.typology,
      risk_at_entry: q.risk_at_entry,
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
    row.followup_days = start && obs ? String(daysBetween(start, followUpEnd(c, start, dataDate))) : '';
    for (const o of OUTCOMES) {
      const x = obs?.[o.key] ?? null;
      row[`${o.key}_days`] = x ? String(x.time) : '';
      row[`${o.key}_event`] = x ? (x.event ? '1' : '0') : '';
    }
    return header.map((h) => row[h] ?? '');
  };
  await repo.useCohort(
    tx,
    [...pseudo.keys()].map((caseId) => ({ caseId, start: null })),
  );
  return {
    rows: function* () {
      for (const q of anonymised.rows) yield rowOf(q);
    },
    count: anonymised.rows.length,
    pseudo,
    shift,
    coarsened: anonymised.coarsened,
    withheld: anonymised.withheld,
  };
}

const LINES_PER_PIECE = 2_000;

/** The case table as CSV, a piece at a time. */
function* casesCsv(released: Released): Generator<string> {
  yield csvLines([CASES_FILE.columns.map((c) => c.name)]);
  let piece: string[][] = [];
  for (const row of released.rows()) {
    piece.push(row);
    if (piece.length === LINES_PER_PIECE) {
      yield csvLines(piece);
      piece = [];
    }
  }
  if (piece.length) yield csvLines(piece);
}

/**
 * One event table as CSV over the kept cases (the cohort releaseCases left), read through a cursor
 * a batch at a time: pseudonyms for case ids, each case's dates shifted as in the case table.
 */
async function* eventsCsv(
  tx: Tx,
  released: Released,
  kind: repo.EventKind,
  asOf: Date,
): AsyncGenerator<string> {
  const def = EVENT_FILES.find((f) => f.name === kind)!;
  yield csvLines([def.columns.map((c) => c.name)]);
  for await (const batch of repo.events(tx, kind, asOf)) {
    yield csvLines(
      batch.map((e) => {
        const d = released.shift.get(e.caseId) ?? 0;
        const base = [released.pseudo.get(e.caseId)!, shiftDate(e.on, d), e.code, e.detail];
        return kind === 'sessions' || kind === 'outcome_measures'
          ? [...base, e.amount === null ? '' : String(e.amount)]
          : base;
      }),
    );
  }
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
  const released = await releaseCases(
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
  // each event table counted in the database over the kept cases, not built (it is streamed when downloaded)
  const counts = await repo.eventCounts(tx, asOf);
  await tx
    .updateTable('evaluation_extract')
    .set({
      event_rows: JSON.stringify({
        cases: released.count,
        ...counts,
        coarsened: released.coarsened,
        withheld: released.withheld,
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
      cases: released.count,
      withheld: released.withheld,
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

/** An extract's record as `discloseExtractFile` found it: what `extractFile` builds the file from. */
export type ExtractFileRequest = {
  rec: {
    id: string;
    site_ids: string[];
    period_from: string | null;
    period_to: string | null;
    start_date: string;
    k: number;
    as_of: Date;
    event_rows: Record<string, number>;
  };
  file: (typeof EXTRACT_FILES)[number];
};

/**
 * Records the disclosure of one file of the user's own extract (NotFound for another's, or an
 * unknown file), to be committed before any of it is sent: a file is never out without its audit
 * event, even if the download then fails. Returns what `extractFile` needs.
 */
export async function discloseExtractFile(
  tx: Tx,
  actor: Actor,
  extractId: string,
  file: string,
): Promise<ExtractFileRequest> {
  if (!(EXTRACT_FILES as readonly string[]).includes(file)) throw new NotFound();
  const rec = await tx
    .selectFrom('evaluation_extract')
    .selectAll()
    .where('id', '=', extractId)
    .executeTakeFirst();
  if (!rec || rec.requested_by !== actor.userId) throw new NotFound();
  await recordAudit(tx, actor, {
    action: 'evaluation.extract.disclosed',
    reason: rec.purpose.slice(0, 200),
    recordType: 'evaluation_extract',
    recordId: rec.id,
    details: { file, agreement: rec.agreement_reference.slice(0, 100) },
  });
  return { rec, file: file as (typeof EXTRACT_FILES)[number] };
}

/**
 * One file of an extract (`discloseExtractFile` first), as CSV (or the dictionary as Markdown). Its
 * `pieces` are read from the transaction as they are consumed (event tables through a cursor), so
 * the transaction must stay open until they are all read.
 */
export async function extractFile(
  tx: Tx,
  { rec, file }: ExtractFileRequest,
  key: string,
): Promise<{ pieces: AsyncIterable<string> | Iterable<string>; type: string; filename: string }> {
  const spec: ExtractSpec = {
    id: rec.id,
    siteIds: rec.site_ids,
    from: rec.period_from,
    to: rec.period_to,
    start: rec.start_date,
    k: rec.k,
    asOf: rec.as_of,
  };
  const short = rec.id.slice(0, 8);
  if (file === 'dictionary') {
    const counts = rec.event_rows;
    return {
      pieces: [
        dictionaryMarkdown({
          id: rec.id,
          asOf: todayInLondon(rec.as_of),
          start: rec.start_date,
          k: rec.k,
          caseRows: counts.cases ?? 0,
          coarsened: counts.coarsened ?? 0,
          withheld: counts.withheld ?? 0,
        }),
      ],
      type: 'text/markdown; charset=utf-8',
      filename: `extract-${short}-dictionary.md`,
    };
  }
  const released = await releaseCases(tx, spec, key);
  return {
    pieces:
      file === 'cases' ? casesCsv(released) : eventsCsv(tx, released, file as repo.EventKind, spec.asOf),
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
