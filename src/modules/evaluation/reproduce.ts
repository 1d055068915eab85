import { toCsv } from '../../platform/csv.js';
import { OUTCOMES, type Observation, type OutcomeKey } from './framework.js';
import { reoffendingTable } from './tables.js';

/** Reads RFC 4180 CSV (as platform/csv writes it) into rows of cells. */
export function readCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/**
 * The report's re-offending table (its CSV, byte for byte) from an extract's cases.csv, for one
 * cohort: the extract's `<outcome>_days` and `<outcome>_event` columns are the observations the
 * report used, and tables.ts publishes them with the same disclosure rule. Exact when the extract
 * withheld no rows (its dictionary says how many) and covers the same sites and period.
 */
export function reproduceReoffending(casesCsv: string, cohort: string): string {
  const [header, ...rows] = readCsvRows(casesCsv);
  if (!header) throw new Error('cases.csv is empty');
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`cases.csv has no column ${name}`);
    return i;
  };
  const inCohort = col(`cohort_${cohort}`);
  const observations = Object.fromEntries(OUTCOMES.map((o) => [o.key, [] as Observation[]])) as Record<
    OutcomeKey,
    Observation[]
  >;
  for (const r of rows) {
    if (r[inCohort] !== '1') continue;
    for (const o of OUTCOMES) {
      const days = r[col(`${o.key}_days`)] ?? '';
      if (days === '') continue;
      observations[o.key].push({ time: Number(days), event: r[col(`${o.key}_event`)] === '1' });
    }
  }
  const table = reoffendingTable(observations);
  return toCsv(table.header, table.rows);
}
