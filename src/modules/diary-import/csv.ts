/**
 * A small RFC 4180 CSV reader: fields separated by commas, records by CRLF or LF (a lone CR too),
 * fields optionally quoted with double quotes, a doubled quote inside quotes standing for one, and
 * line breaks allowed inside quoted fields. A UTF-8 byte order mark at the start is dropped.
 * Spreadsheets also write a trailing line break and blank lines: empty records are skipped.
 */

export type CsvRecord = {
  /** the line of the file the record starts on (1-based), for error messages */
  line: number;
  fields: string[];
};

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export function parseCsv(text: string, maxRecords = Infinity): CsvRecord[] {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let quoted = false;
  let fieldStarted = false;

  const endRecord = () => {
    fields.push(field);
    field = '';
    fieldStarted = false;
    if (!(fields.length === 1 && fields[0] === '')) {
      if (records.length >= maxRecords)
        throw new CsvError(`The file has more than ${maxRecords} rows`, recordLine);
      records.push({ line: recordLine, fields });
    }
    fields = [];
  };

  while (i < s.length) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        // after a closing quote only a separator, a line break or the end may follow
        const next = s[i];
        if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
          throw new CsvError('A quoted value is followed by more text before the next comma', line);
        }
        continue;
      }
      if (ch === '\n') line += 1;
      else if (ch === '\r' && s[i + 1] !== '\n') line += 1;
      field += ch;
      i += 1;
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
      i += 1;
      continue;
    }
    if (ch === ',') {
      fields.push(field);
      field = '';
      fieldStarted = false;
      i += 1;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && s[i + 1] === '\n' ? 2 : 1;
      line += 1;
      recordLine = line;
      continue;
    }
    field += ch;
    fieldStarted = true;
    i += 1;
  }
  if (quoted) throw new CsvError('A quoted value is not closed', recordLine);
  if (field !== '' || fields.length) endRecord();
  return records;
}
