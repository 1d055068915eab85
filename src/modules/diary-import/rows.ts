import { BEHAVIOUR_LABELS, BEHAVIOURS, incidentInput, type Behaviour } from '../incidents/schemas.js';
import { CsvError, readCsv, type CsvFile, type Delimiter } from './csv.js';
import { replaceUnstorable, unstorableIn } from '../../platform/http/text-input.js';
import {
  EARLIEST_YEAR,
  londonLocalTime,
  longDateOf,
  skippedTimeMessage,
  todayInLondon,
} from '../../platform/time.js';
import { matchName } from '../../platform/names.js';

/**
 * A victim's diary as a CSV file, read row by row into incidents: each row either becomes the
 * input of one incident (validated exactly as the incident form validates it) or carries the
 * reasons it cannot, in words the advocate can act on.
 */

export const MAX_ROWS = 5000;
export const MAX_BYTES = 5 * 1024 * 1024;

/** The columns, by the names the first row may give them (case, spaces and punctuation ignored). */
const COLUMN_NAMES: Record<string, Column> = {
  date: 'date',
  startdate: 'date',
  from: 'date',
  time: 'time',
  starttime: 'time',
  enddate: 'endDate',
  to: 'endDate',
  until: 'endDate',
  endtime: 'endTime',
  approximate: 'approximate',
  approx: 'approximate',
  behaviours: 'behaviours',
  behaviour: 'behaviours',
  behaviors: 'behaviours',
  behavior: 'behaviours',
  victim: 'victim',
  description: 'description',
  whathappened: 'description',
  details: 'description',
};
type Column =
  'date' | 'time' | 'endDate' | 'endTime' | 'approximate' | 'behaviours' | 'victim' | 'description';
const REQUIRED: Column[] = ['date', 'behaviours', 'description'];

/** Friendly words for each behaviour, beyond its own name and label. */
const SYNONYMS: Record<string, Behaviour> = {
  follow: 'following',
  followed: 'following',
  contact: 'contacting',
  contacted: 'contacting',
  calls: 'contacting',
  'phone calls': 'contacting',
  messages: 'contacting',
  texts: 'contacting',
  publish: 'publishing',
  published: 'publishing',
  posting: 'publishing',
  monitoring: 'monitoring_communications',
  'monitoring communications': 'monitoring_communications',
  'monitoring electronic communications': 'monitoring_communications',
  loiter: 'loitering',
  interfering: 'interfering_with_property',
  property: 'interfering_with_property',
  'property damage': 'interfering_with_property',
  watch: 'watching',
  watched: 'watching',
  spying: 'watching',
  threat: 'threats',
  threatening: 'threats',
  threatened: 'threats',
  violent: 'violence',
  assault: 'violence',
  cyber: 'online',
  'social media': 'online',
};

const words = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

const BEHAVIOUR_WORDS = new Map<string, Behaviour>();
for (const b of BEHAVIOURS) {
  BEHAVIOUR_WORDS.set(words(b), b);
  BEHAVIOUR_WORDS.set(words(BEHAVIOUR_LABELS[b]), b);
}
for (const [w, b] of Object.entries(SYNONYMS)) BEHAVIOUR_WORDS.set(words(w), b);

export function behaviourFrom(word: string): Behaviour | null {
  return BEHAVIOUR_WORDS.get(words(word)) ?? null;
}

/** A row as the preview shows it and as the session keeps it until it is saved. */
export type DiaryRow = {
  /** the line of the file the row starts on */
  line: number;
  /** what the file said, for the preview */
  shown: {
    date: string;
    time: string;
    endDate: string;
    endTime: string;
    approximate: string;
    behaviours: string;
    victim: string;
    description: string;
  };
  errors: string[];
  /** the victim on the case the victim column was matched to, as the case records their name */
  victimName?: string | null;
  /**
   * Times the clocks went back over (01:30 on the last Sunday of October happens twice): the person
   * says which reading each is before the row is saved. Never chosen for them.
   */
  clocks: RowClock[];
  /**
   * the incident input (before zod's transforms), present only when the row has no errors; a time
   * in `clocks` is still the local time as written, given its offset when the person chooses
   */
  input: {
    occurredFrom: string;
    occurredTo: string | null;
    approximate: boolean;
    behaviours: Behaviour[];
    reportedBy: 'victim_diary';
    caseVictimId: string | null;
    description: string;
  } | null;
};

/** A time on a row that happened twice, and its two readings (earlier first). */
export type RowClock = {
  field: 'from' | 'to';
  date: string;
  time: string;
  /** "25 October 2026" */
  day: string;
  readings: { zone: string; offset: string }[];
};

export type ParsedDiary =
  { rows: DiaryRow[]; delimiter: Delimiter; delimiterFrom: CsvFile['delimiterFrom'] } | { problem: string };

const DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const YMD = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const HM = /^(\d{1,2})[:.](\d{2})$/;

/** 'YYYY-MM-DD' from DD/MM/YYYY or YYYY-MM-DD, or null when it is not a real date. */
export function dateOf(value: string): string | null {
  const v = value.trim();
  let y: number, m: number, d: number;
  const dmy = DMY.exec(v);
  const ymd = YMD.exec(v);
  if (dmy) [d, m, y] = [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])];
  else if (ymd) [y, m, d] = [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])];
  else return null;
  if (y < EARLIEST_YEAR || m < 1 || m > 12 || d < 1) return null;
  const check = new Date(Date.UTC(y, m - 1, d));
  if (check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** 'HH:MM' from H:MM or HH:MM (or with a dot), or null. */
export function timeOf(value: string): string | null {
  const m = HM.exec(value.trim());
  if (!m) return null;
  const [h, mi] = [Number(m[1]), Number(m[2])];
  if (h > 23 || mi > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}`;
}

/** Today's date in the UK, 'YYYY-MM-DD'. */
export function ukToday(now: Date = new Date()): string {
  return todayInLondon(now);
}

const COLUMN_WORDS: Record<Column, string> = {
  date: 'date',
  time: 'time',
  endDate: 'end date',
  endTime: 'end time',
  approximate: 'approximate column',
  behaviours: 'behaviours',
  victim: 'victim',
  description: 'description',
};

const YES = new Set(['yes', 'y', 'true', '1', 'approximate', 'approx']);
const NO = new Set(['', 'no', 'n', 'false', '0', 'exact']);

export function readDiary(
  text: string,
  victims: { id: string; name: string }[],
  now: Date = new Date(),
  delimiter?: Delimiter,
): ParsedDiary {
  let file: CsvFile;
  try {
    file = readCsv(text, MAX_ROWS + 1, delimiter);
  } catch (error) {
    if (error instanceof CsvError) return { problem: `${error.message} (line ${error.line})` };
    throw error;
  }
  const records = file.records;
  if (!records.length) return { problem: 'The file is empty' };
  const header = records[0]!.fields.map((f) => COLUMN_NAMES[words(f).replace(/ /g, '')] ?? null);
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length) {
    return {
      problem:
        'The first row of the file must name the columns: date, time, end date, approximate, behaviours, victim, description ' +
        `(missing: ${missing.map((c) => (c === 'endDate' ? 'end date' : c)).join(', ')})`,
    };
  }
  if (records.length === 1) return { problem: 'The file has no rows of incidents under its column names' };
  const today = ukToday(now);
  const rows = records.slice(1).map((record): DiaryRow => {
    const cell = (c: Column) => {
      const i = header.indexOf(c);
      return i < 0 ? '' : (record.fields[i] ?? '').trim();
    };
    const shown = {
      date: cell('date'),
      time: cell('time'),
      endDate: cell('endDate'),
      endTime: cell('endTime'),
      approximate: cell('approximate'),
      behaviours: cell('behaviours'),
      victim: cell('victim'),
      description: cell('description'),
    };
    const errors: string[] = [];
    // a character the database cannot hold is shown replaced, and the row cannot be saved
    for (const [column, value] of Object.entries(shown) as [keyof typeof shown, string][]) {
      const what = unstorableIn(value);
      if (!what) continue;
      shown[column] = replaceUnstorable(value);
      errors.push(`The ${COLUMN_WORDS[column]} contains ${what}, which cannot be saved`);
    }
    if (record.fields.length > header.length && record.fields.slice(header.length).some((f) => f.trim())) {
      errors.push(`The row has ${record.fields.length} values but the file names ${header.length} columns`);
    }
    const date = dateOf(shown.date);
    if (!shown.date) errors.push('Enter the date');
    else if (!date) errors.push(`“${shown.date}” is not a real date: use DD/MM/YYYY or YYYY-MM-DD`);
    const time = shown.time ? timeOf(shown.time) : null;
    if (shown.time && !time) errors.push(`“${shown.time}” is not a time: use HH:MM, like 14:30`);
    const endDate = shown.endDate ? dateOf(shown.endDate) : null;
    if (shown.endDate && !endDate)
      errors.push(`End date “${shown.endDate}” is not a real date: use DD/MM/YYYY or YYYY-MM-DD`);
    const endTime = shown.endTime ? timeOf(shown.endTime) : null;
    if (shown.endTime && !endTime) errors.push(`End time “${shown.endTime}” is not a time: use HH:MM`);
    if (shown.endTime && !shown.endDate) errors.push('Give the end date as well as the end time');
    const approx = shown.approximate.toLowerCase();
    let approximate = false;
    if (YES.has(approx)) approximate = true;
    else if (!NO.has(approx)) errors.push(`Approximate must be yes or no, not “${shown.approximate}”`);

    const behaviours: Behaviour[] = [];
    const unknown: string[] = [];
    // separated by semicolons or bars, or by commas (natural in a file separated by semicolons)
    for (const part of shown.behaviours.split(/[;|,]/)) {
      if (!part.trim()) continue;
      const b = behaviourFrom(part);
      if (b) {
        if (!behaviours.includes(b)) behaviours.push(b);
      } else unknown.push(part.trim());
    }
    if (unknown.length) {
      errors.push(
        `Unknown behaviour${unknown.length > 1 ? 's' : ''}: ${unknown.map((u) => `“${u}”`).join(', ')}`,
      );
    } else if (!behaviours.length) errors.push('Enter at least one behaviour');

    let caseVictimId: string | null = null;
    let victimName: string | null = null;
    if (shown.victim) {
      const found = victimOf(shown.victim, victims);
      if (found.kind === 'matched') [caseVictimId, victimName] = [found.candidate.id, found.candidate.name];
      else errors.push(found.problem);
    }
    if (!shown.description) errors.push('Enter a description of what happened');
    else if (shown.description.length > 10_000)
      errors.push('The description must be 10,000 characters or fewer');

    // when it happened: never in the future, and a range never ends before it starts
    let occurredFrom: string | null = null;
    let occurredTo: string | null = null;
    if (date) {
      occurredFrom = time ? `${date}T${time}` : date;
      if (date > today) errors.push('The date is in the future');
    }
    if (date && endDate) {
      if (endDate > today) errors.push('The end date is in the future');
      if (endDate < date || (endDate === date && time && endTime && endTime < time)) {
        errors.push('The end date is before the start date');
      } else if (endTime) occurredTo = `${endDate}T${endTime}`;
      else if (endDate === today) {
        // the rest of today has not happened yet: the range ends now
        occurredTo = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
      } else occurredTo = `${endDate}T23:59`;
    }

    // a time the clocks skipped is refused; one they repeated waits for the person's choice
    const clocks: RowClock[] = [];
    for (const [field, d, t] of [
      ['from', date, time],
      ['to', endDate, endTime],
    ] as const) {
      const local = d && t ? londonLocalTime(d, t) : null;
      if (!local || local.kind === 'exact') continue;
      if (local.kind === 'skipped') errors.push(skippedTimeMessage(d!, t!));
      else {
        const readings = local.readings.map((r) => ({ zone: r.zone, offset: r.offset }));
        clocks.push({ field, date: d!, time: t!, day: longDateOf(d!), readings });
      }
    }

    let input: DiaryRow['input'] = null;
    if (!errors.length && occurredFrom) {
      const candidate = {
        occurredFrom,
        occurredTo,
        approximate: approximate || Boolean(occurredTo),
        behaviours,
        reportedBy: 'victim_diary' as const,
        caseVictimId,
        description: shown.description,
      };
      // checked as it would be saved; a repeated time is checked at its first reading
      const checked = incidentInput.safeParse(withClocks(candidate, clocks, () => 0));
      if (checked.success) input = candidate;
      else for (const issue of checked.error.issues) errors.push(issue.message);
    }
    return { line: record.line, shown, errors, victimName, clocks, input };
  });
  return { rows, delimiter: file.delimiter, delimiterFrom: file.delimiterFrom };
}

const listed = (names: string[]) =>
  names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : (names[0] ?? '');

/**
 * The victim on the case a diary row names, in any script or spelling (platform/names.ts): the one
 * whose name has the same words, or the only one whose name has every word written. A name that
 * fits no victim, or more than one, is a problem with the row, never a guess.
 */
export function victimOf(
  written: string,
  victims: { id: string; name: string }[],
): { kind: 'matched'; candidate: { id: string; name: string } } | { kind: 'refused'; problem: string } {
  const found = matchName(written, victims, (v) => v.name);
  if (found.kind === 'matched') return found;
  if (found.kind === 'ambiguous') {
    return {
      kind: 'refused',
      problem: `“${written}” could be more than one victim on this case (${listed(found.candidates.map((v) => v.name))}): give the victim’s full name`,
    };
  }
  const known = victims.length
    ? ` The victims on this case are ${listed(victims.map((v) => v.name))}.`
    : ' This case has no victims recorded.';
  return { kind: 'refused', problem: `“${written}” is not a victim on this case.${known}` };
}

/** The input with each repeated time given the offset of the reading `pick` chooses. */
function withClocks<T extends { occurredFrom: string; occurredTo: string | null }>(
  input: T,
  clocks: readonly RowClock[],
  pick: (clock: RowClock) => number | null,
): T | null {
  const out = { ...input };
  for (const clock of clocks) {
    const i = pick(clock);
    const reading = i === null ? undefined : clock.readings[i];
    if (!reading) return null;
    if (clock.field === 'from') out.occurredFrom = `${input.occurredFrom}${reading.offset}`;
    else if (input.occurredTo) out.occurredTo = `${input.occurredTo}${reading.offset}`;
  }
  return out;
}

/** The name of the form field that answers a row's clock question. */
export const clockField = (line: number, clock: Pick<RowClock, 'field'>) => `clock-${line}-${clock.field}`;

/**
 * Each row's input made ready to save: the person's choice of reading for each repeated time
 * (`choices` by clockField: 'first' or 'second'), validated again now, exactly as the incident form
 * validates. Null when a choice is missing or the row no longer passes.
 */
export function readyToSave(row: DiaryRow, choices: Record<string, unknown> = {}) {
  if (!row.input) return null;
  const input = withClocks(row.input, row.clocks ?? [], (clock) => {
    const v = choices[clockField(row.line, clock)];
    return v === 'first' ? 0 : v === 'second' ? 1 : null;
  });
  if (!input) return null;
  const checked = incidentInput.safeParse(input);
  return checked.success ? checked.data : null;
}
