import { parse, CsvError as ParseError } from 'csv-parse/sync';

/**
 * CSV as spreadsheets write it, read by csv-parse (RFC 4180: quoted fields, doubled quotes, line
 * breaks inside quotes; a record that is one quoted empty field is kept; the line break style is
 * the file's first, so a lone CR inside a line does not split it). Around it, what Excel adds:
 * the separator is a comma, a semicolon or a tab (Excel in many locales writes semicolons), found
 * from the first row or from a leading `sep=;` line, and blank lines are skipped. The text is
 * already decoded (platform/text-encoding.ts); a byte order mark left at its start is dropped.
 */

export type CsvRecord = {
  /** the line of the file the record starts on (1-based), for error messages */
  line: number;
  fields: string[];
};

export const DELIMITERS = [',', ';', '\t'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

export const DELIMITER_NAMES: Record<Delimiter, string> = {
  ',': 'commas',
  ';': 'semicolons',
  '\t': 'tabs',
};

export type CsvFile = {
  records: CsvRecord[];
  delimiter: Delimiter;
  /** how the separator was found: named by a `sep=` line, or guessed from the first row */
  delimiterFrom: 'sep-line' | 'first-row';
};

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const SEP_LINE = /^sep=(.)[ \t]*(?:\r\n|\n|\r|$)/i;

/** The separator the first row uses most, outside quotes (a comma when it uses none). */
export function guessDelimiter(text: string): Delimiter {
  const counts = new Map<Delimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch as Delimiter))
      counts.set(ch as Delimiter, counts.get(ch as Delimiter)! + 1);
  }
  let best: Delimiter = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

/** The 1-based line of each byte offset, counting the file's own line breaks. */
function lineCounter(buf: Buffer): (offset: number) => number {
  // the file's line break is \n (alone or after \r) if it has any; otherwise a lone \r (old Macs)
  const newline = buf.includes(0x0a) ? 0x0a : 0x0d;
  const starts: number[] = [];
  for (let i = buf.indexOf(newline); i >= 0; i = buf.indexOf(newline, i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
}

const MESSAGES: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'A quoted value is not closed',
  CSV_INVALID_CLOSING_QUOTE: 'A quoted value is followed by more text before the next separator',
};

/**
 * Reads CSV text into records (at most `maxRecords`, else a CsvError), with the separator used.
 * `delimiter` overrides the guess and any `sep=` line's choice.
 */
export function readCsv(text: string, maxRecords = Infinity, delimiter?: Delimiter): CsvFile {
  let body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let lineOffset = 0;
  let chosen: Delimiter | undefined = delimiter;
  let delimiterFrom: CsvFile['delimiterFrom'] = 'first-row';
  const sep = SEP_LINE.exec(body);
  if (sep) {
    body = body.slice(sep[0].length);
    lineOffset = 1;
    if (!chosen && (DELIMITERS as readonly string[]).includes(sep[1]!)) {
      chosen = sep[1] as Delimiter;
      delimiterFrom = 'sep-line';
    } else if (!chosen) {
      throw new CsvError(
        `The first line names a separator we cannot read (“${sep[1]}”): use , ; or a tab`,
        1,
      );
    }
  }
  const used = chosen ?? guessDelimiter(body);
  const buf = Buffer.from(body, 'utf8');
  const lineAt = lineCounter(buf);
  let parsed: { record: string[]; info: { bytes: number } }[];
  try {
    parsed = parse(buf, {
      delimiter: used,
      // a line ends at CRLF or LF, whichever each line uses; a lone CR only in a file without LF
      record_delimiter: buf.includes(0x0a) ? ['\r\n', '\n'] : ['\r'],
      relax_column_count: true,
      // a quote inside an unquoted value (5" tall) is kept as text, as spreadsheets read it
      relax_quotes: true,
      skip_empty_lines: true,
      info: true,
      ...(Number.isFinite(maxRecords) ? { to: maxRecords + 1 } : {}),
    }) as unknown as { record: string[]; info: { bytes: number } }[];
  } catch (error) {
    if (error instanceof ParseError) {
      const line = Number((error as unknown as { lines?: number }).lines ?? 1) + lineOffset;
      throw new CsvError(MESSAGES[error.code] ?? 'The file is not in CSV form', line);
    }
    throw error;
  }
  if (parsed.length > maxRecords) {
    throw new CsvError(
      `The file has more than ${maxRecords} rows`,
      lineAt(parsed[maxRecords - 1]!.info.bytes) + lineOffset,
    );
  }
  const records: CsvRecord[] = [];
  let end = 0;
  for (const { record, info } of parsed) {
    // the record starts after the previous one's line break and any blank lines
    let start = end;
    while (start < info.bytes && (buf[start] === 0x0a || buf[start] === 0x0d)) start += 1;
    records.push({ line: lineAt(start) + lineOffset, fields: record });
    end = info.bytes;
  }
  return { records, delimiter: used, delimiterFrom };
}

/** The records of CSV text (see readCsv). */
export function parseCsv(text: string, maxRecords = Infinity, delimiter?: Delimiter): CsvRecord[] {
  return readCsv(text, maxRecords, delimiter).records;
}
