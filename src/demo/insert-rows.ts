import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.js';
import { CORE_TABLE_ORDER, mergeCaseRows, type CaseRows, type CoreTable } from './case-builder.js';

/** Every column caseRows writes, with its PostgreSQL type (for the unnest casts). */
const COLUMN_TYPES: Record<CoreTable, Record<string, string>> = {
  person: {
    id: 'uuid',
    given_name: 'text',
    family_name: 'text',
    search_name: 'text',
    date_of_birth: 'date',
    pnc_id: 'text',
    nhs_number: 'text',
    probation_ref: 'text',
    created_by: 'uuid',
    created_at: 'timestamptz',
  },
  cases: {
    id: 'uuid',
    reference: 'text',
    site_id: 'uuid',
    subject_id: 'uuid',
    status: 'text',
    accepted_mode: 'text',
    investigation_status: 'text',
    created_by: 'uuid',
    created_at: 'timestamptz',
    updated_at: 'timestamptz',
  },
  referral: {
    id: 'uuid',
    case_id: 'uuid',
    referring_agency_id: 'uuid',
    referrer_name: 'text',
    referrer_user_id: 'uuid',
    reason: 'text',
    consent: 'text',
    consent_notes: 'text',
    is_adult: 'boolean',
    lives_in_area: 'boolean',
    created_at: 'timestamptz',
  },
  case_offence: { id: 'uuid', case_id: 'uuid', code: 'text', description: 'text' },
  case_victim: {
    id: 'uuid',
    case_id: 'uuid',
    victim_id: 'uuid',
    relationship: 'text',
    victim_kind: 'text',
    advocate_id: 'uuid',
    added_by: 'uuid',
    created_at: 'timestamptz',
  },
  case_team: { case_id: 'uuid', user_id: 'uuid', added_by: 'uuid', added_at: 'timestamptz' },
  case_status_event: {
    id: 'uuid',
    case_id: 'uuid',
    from_status: 'text',
    to_status: 'text',
    accepted_mode: 'text',
    reason: 'text',
    voice_not_current_reason: 'text',
    by_user: 'uuid',
    at: 'timestamptz',
  },
};

type Row = Record<string, unknown>;

/**
 * Writes the rows of many cases (from caseRows) with the connection or transaction given: one
 * statement per table, tables in CORE_TABLE_ORDER. Scalar columns go as one array parameter each
 * (INSERT … SELECT FROM unnest(…)), so PostgreSQL parses one short statement however many rows;
 * rows with an array value (a person's aliases) are inserted as ordinary multi-row VALUES.
 */
export async function insertCaseRows(
  db: Kysely<DB> | Transaction<DB>,
  rows: readonly CaseRows[],
): Promise<void> {
  const merged = rows.length === 1 ? rows[0]! : mergeCaseRows(rows);
  for (const table of CORE_TABLE_ORDER) {
    const tableRows = merged[table] as readonly Row[];
    if (tableRows.length === 0) continue;
    const scalar: Row[] = [];
    const other: Row[] = [];
    for (const row of tableRows) (Object.values(row).some(Array.isArray) ? other : scalar).push(row);
    await insertUnnest(db, table, scalar);
    // Kysely cannot check a table name chosen at run time against the row type: these rows
    // came from caseRows, whose types are the tables' own
    if (other.length)
      await db
        .insertInto(table)
        .values(other as never[])
        .execute();
  }
}

async function insertUnnest(
  db: Kysely<DB> | Transaction<DB>,
  table: CoreTable,
  rows: readonly Row[],
): Promise<void> {
  if (rows.length === 0) return;
  const types = COLUMN_TYPES[table];
  const columns = Object.keys(types).filter((name) => rows.some((r) => r[name] !== undefined));
  const unknown = rows.flatMap((r) => Object.keys(r)).find((name) => !(name in types));
  if (unknown) throw new Error(`insertCaseRows: no column type for ${table}.${unknown}`);
  const arrays = columns.map((name) => {
    const values = rows.map((r) => {
      const v = r[name];
      return v === undefined ? null : v instanceof Date ? v.toISOString() : v;
    });
    return sql`${values}::${sql.raw(types[name]!)}[]`;
  });
  const names = sql.raw(columns.map((name) => `"${name}"`).join(', '));
  const casts = sql.raw(columns.map((name) => `"${name}"::${types[name]}`).join(', '));
  await sql`insert into ${sql.table(table)} (${names})
    select ${casts} from unnest(${sql.join(arrays)}) as t(${names})`.execute(db);
}
