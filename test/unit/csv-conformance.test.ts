import { createRequire } from 'node:module';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parseCsv, readCsv } from '../../src/modules/diary-import/csv.js';
import { decodeText } from '../../src/platform/text-encoding.js';

/**
 * Our CSV reader against csv-parse (the reference) on csv-spectrum's cases, and on the cases from
 * papaparse's suite where the old hand-written parser differed.
 */

type Spectrum = { name: string; csv: Buffer; json: Buffer }[];
const require = createRequire(import.meta.url);
const spectrum: Spectrum = await new Promise((resolve, reject) => {
  (require('csv-spectrum') as (cb: (err: Error | null, items: Spectrum) => void) => void)((err, items) =>
    err ? reject(err) : resolve(items),
  );
});

/**
 * What csv-parse reads with the options a spreadsheet's file needs: the reference. relax_quotes
 * keeps a quote inside an unquoted value (37°36'37.8"N) as text, as spreadsheets read it.
 */
const reference = (text: string, delimiter = ',') =>
  parse(text, {
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    bom: true,
  }) as string[][];

/** csv-spectrum's own answer for location_coordinates has a phone number its CSV does not. */
const SPECTRUM_MISMATCH: Record<string, string[]> = { location_coordinates: ['Contact Phone Number'] };

describe('the CSV reader conforms to csv-parse on csv-spectrum', () => {
  it('has the cases', () => {
    expect(spectrum.length).toBeGreaterThanOrEqual(12);
  });

  it.each(spectrum.map((s) => [s.name, s] as const))('%s', (_name, s) => {
    const text = decodeText(s.csv).text;
    const ours = parseCsv(text).map((r) => r.fields);
    expect(ours).toEqual(reference(text));
    // and both agree with csv-spectrum's own answer (a header row, then objects)
    // (one case's answer is a lone object rather than a list of one)
    const expected = [JSON.parse(s.json.toString('utf8')) as Record<string, string>[]].flat();
    const [header, ...rows] = ours;
    const skip = new Set(SPECTRUM_MISMATCH[s.name] ?? []);
    const keep = (o: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(o).filter(([k]) => !skip.has(k)));
    expect(rows.map((r) => keep(Object.fromEntries(header!.map((h, i) => [h, r[i]]))))).toEqual(
      expected.map(keep),
    );
  });
});

describe('cases where the old parser differed', () => {
  it('keeps a record that is one quoted empty field (RFC 4180)', () => {
    const text = 'a\r\n""\r\nb';
    expect(parseCsv(text).map((r) => r.fields)).toEqual([['a'], [''], ['b']]);
    expect(parseCsv(text).map((r) => r.fields)).toEqual(reference(text));
  });

  it('does not split a record at a lone CR inside a line', () => {
    for (const text of ['a,b\nx\ry,z\nc,d\n', 'a,b\r\n"x\ry",z\r\nc,d\r\n']) {
      const ours = parseCsv(text);
      expect(ours.map((r) => r.fields)).toEqual([
        ['a', 'b'],
        ['x\ry', 'z'],
        ['c', 'd'],
      ]);
      expect(ours.map((r) => r.line)).toEqual([1, 2, 3]);
    }
  });

  it('gives each record the line it starts on, across quoted line breaks and blank lines', () => {
    const text = '\ufeffa,b,c\r\n"x, y","say ""hi""","two\r\nlines"\r\n\r\n1,,3\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'say "hi"', 'two\r\nlines'] },
      { line: 5, fields: ['1', '', '3'] },
    ]);
    expect(() => parseCsv('a,"b\n')).toThrow(/not closed/);
    expect(() => parseCsv('a\n1\n2\n3', 3)).toThrow(/more than 3 rows/);
  });
});

describe('separators', () => {
  it('finds semicolons and tabs from the first row, and says which it used', () => {
    expect(readCsv('date;behaviours;description\n1/1/2025;following;"a, b"\n')).toMatchObject({
      delimiter: ';',
      delimiterFrom: 'first-row',
      records: [
        { fields: ['date', 'behaviours', 'description'] },
        { fields: ['1/1/2025', 'following', 'a, b'] },
      ],
    });
    expect(readCsv('date\tdescription\n1/1/2025\tx; y, z\n')).toMatchObject({
      delimiter: '\t',
      records: [{ fields: ['date', 'description'] }, { fields: ['1/1/2025', 'x; y, z'] }],
    });
    expect(readCsv('date,description\n1/1/2025,x; y\n').delimiter).toBe(',');
  });

  it('follows a leading sep= line, and counts lines from the top of the file', () => {
    const file = readCsv('sep=;\r\ndate,x;description\r\n1/1/2025;a, b\r\n');
    expect(file.delimiter).toBe(';');
    expect(file.delimiterFrom).toBe('sep-line');
    expect(file.records).toEqual([
      { line: 2, fields: ['date,x', 'description'] },
      { line: 3, fields: ['1/1/2025', 'a, b'] },
    ]);
  });

  it('takes the separator the person chose over the guess', () => {
    expect(readCsv('a;b,c\n', Infinity, ',').records[0]!.fields).toEqual(['a;b', 'c']);
  });
});
