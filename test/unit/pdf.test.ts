import { beforeAll, describe, expect, it } from 'vitest';
import { renderPdf, type PdfDocumentSpec } from '../../src/platform/pdf/index.js';
import { readPdf, type PdfReading } from '../support/pdf-text.js';

const ROWS = 70;
const spec: PdfDocumentSpec = {
  title: 'Multi-agency panel: meeting pack',
  subject: 'Northshire panel, 1 December 2026',
  downloadedBy: 'A. Person',
  downloadedAt: new Date('2026-12-01T10:42:00Z'),
  blocks: [
    { kind: 'heading', level: 1, text: 'Multi-agency panel, 1 December 2026' },
    {
      kind: 'paragraph',
      text: 'The cases below are for discussion. The victim’s voice is recorded for each.',
    },
    { kind: 'heading', level: 2, text: 'The meeting' },
    {
      kind: 'summaryList',
      rows: [
        { key: 'Site', value: 'Northshire' },
        { key: 'Chair', value: 'B. Chair, site coordinator' },
      ],
    },
    {
      kind: 'table',
      caption: 'Actions',
      head: ['Case', 'Action', 'Owner', 'Due'],
      numeric: [false, false, false, true],
      widths: [1, 3, 2, 1.5],
      rows: Array.from({ length: ROWS }, (_, i) => [
        `RC-${String(i).padStart(3, '0')}`,
        i % 7 === 0
          ? 'Review the safety plan with the advocate and report back to the panel'
          : 'Check bail conditions',
        'C. Owner',
        '4 March 2026',
      ]),
    },
    { kind: 'paragraph', text: 'End of the pack.', secondary: true },
  ],
};

describe('PDF documents', () => {
  let pdf: Buffer;
  let read: PdfReading;
  beforeAll(async () => {
    pdf = await renderPdf(spec);
    read = await readPdf(pdf);
  });

  it('is a PDF with its title and Recolo as its author', () => {
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(read.title).toBe('Multi-agency panel: meeting pack');
    expect(read.author).toBe('Recolo');
  });

  it('marks every page OFFICIAL-SENSITIVE at the top and the bottom, watermarks it and numbers it', () => {
    expect(read.pages.length).toBeGreaterThanOrEqual(3);
    read.pages.forEach((text, i) => {
      expect(text.match(/OFFICIAL-SENSITIVE/g)?.length).toBe(2);
      expect(text).toContain('Downloaded by A. Person, 1 December 2026 at 10:42am');
      expect(text).toContain(`Page ${i + 1} of ${read.pages.length}`);
    });
  });

  it('has every heading, paragraph, summary row and table row, each once', () => {
    const all = read.pages.join(' ');
    for (const words of [
      'Multi-agency panel, 1 December 2026',
      'The victim’s voice is recorded for each.',
      'The meeting',
      'Site Northshire',
      'Chair B. Chair, site coordinator',
      'Actions',
      'End of the pack.',
    ])
      expect(all).toContain(words);
    for (let i = 0; i < ROWS; i += 1)
      expect(all.match(new RegExp(`RC-${String(i).padStart(3, '0')}\\b`, 'g'))?.length).toBe(1);
  });

  it('repeats the table’s header row on every page the table continues on', () => {
    const withRows = read.pages.filter((text) => /RC-\d{3}/.test(text));
    expect(withRows.length).toBeGreaterThanOrEqual(2);
    for (const text of withRows) {
      const header = text.indexOf('Case Action Owner Due');
      expect(header).toBeGreaterThanOrEqual(0);
      expect(header).toBeLessThan(text.search(/RC-\d{3}/));
    }
  });

  it('is tagged: marked, with a structure of headings, paragraphs, a list and a table on every page', () => {
    expect(read.marked).toBe(true);
    expect(pdf.toString('latin1')).toContain('/StructTreeRoot');
    expect(read.structure[0]).toEqual(
      expect.arrayContaining([
        'Document',
        'H1',
        'H2',
        'P',
        'L',
        'LI',
        'Lbl',
        'LBody',
        'Table',
        'Caption',
        'TR',
        'TH',
        'TD',
      ]),
    );
    for (const roles of read.structure.slice(1, -1))
      expect(roles).toEqual(expect.arrayContaining(['Table', 'TR', 'TD']));
  });

  it('takes another marking and a landscape page', async () => {
    const other = await readPdf(
      await renderPdf({
        title: 'Evaluation report',
        downloadedBy: 'D. Evaluator',
        downloadedAt: new Date('2026-07-01T08:05:00Z'),
        marking: 'OFFICIAL',
        layout: 'landscape',
        blocks: [
          { kind: 'heading', text: 'Re-offending' },
          { kind: 'pageBreak' },
          { kind: 'paragraph', text: 'Method' },
        ],
      }),
    );
    expect(other.pages).toHaveLength(2);
    for (const text of other.pages) {
      expect(text.match(/OFFICIAL\b/g)?.length).toBe(2);
      expect(text).not.toContain('OFFICIAL-SENSITIVE');
      // British Summer Time: 08:05 UTC is 9:05am in London
      expect(text).toContain('Downloaded by D. Evaluator, 1 July 2026 at 9:05am');
    }
  });
});

describe('text the standard fonts cannot show', () => {
  it('is transliterated, not drawn as unreadable glyphs', async () => {
    const read = await readPdf(
      await renderPdf({
        title: 'Names',
        downloadedBy: 'Łukasz Nowak',
        downloadedAt: new Date('2026-12-01T10:42:00Z'),
        blocks: [{ kind: 'paragraph', text: 'Zoë, Анна Петрова and “Seán” – €5' }],
      }),
    );
    expect(read.pages[0]).toContain('Zoë, Anna Petrova and “Seán” – €5');
    expect(read.pages[0]).toContain('Downloaded by Lukasz Nowak, 1 December 2026 at 10:42am');
  });
});
