import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { formatDateTime } from '../views/format.js';
import type { PdfBlock, PdfDocumentSpec } from './spec.js';
import { STYLE } from './style.js';
import { showable } from './text.js';

type Doc = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;
type TableBlock = Extract<PdfBlock, { kind: 'table' }>;

export const DEFAULT_MARKING = 'OFFICIAL-SENSITIVE';

/** A header cell's scope (pdfkit writes it as the TH's Table attribute; its types omit it). */
const COLUMN_HEADER: NonNullable<Parameters<Doc['struct']>[1]> & { scope: 'Column' } = { scope: 'Column' };

/** The watermark's words: "Downloaded by A. Person, 1 December 2026 at 10:42am" (UK time). */
export const watermarkText = (spec: Pick<PdfDocumentSpec, 'downloadedBy' | 'downloadedAt'>): string =>
  `Downloaded by ${showable(spec.downloadedBy)}, ${formatDateTime(spec.downloadedAt)}`;

/**
 * Renders a document to PDF (A4, GOV.UK print typography: see style.ts), server-side with pdfkit:
 * headings, paragraphs, summary lists and tables (a table's header row repeated on every page it
 * continues on), the protective marking at the top and bottom of every page, a watermark of who
 * downloaded it and when across every page, "Page n of m", and metadata (title, author Recolo).
 * The PDF is tagged (PDF/UA-style structure: Document, H1–H3, P, L/LI/Lbl/LBody, Table/TR/TH/TD),
 * and the marking, watermark, page numbers and repeated header rows are artifacts. The standard
 * fonts cover Windows-1252 only: other scripts are transliterated (text.ts).
 */
export async function renderPdf(spec: PdfDocumentSpec): Promise<Buffer> {
  const doc: Doc = new PDFDocument({
    size: 'A4',
    layout: spec.layout ?? 'portrait',
    margins: STYLE.margin,
    bufferPages: true,
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    pdfVersion: '1.7',
    info: {
      Title: spec.title,
      Author: 'Recolo',
      Creator: 'Recolo',
      Producer: 'Recolo',
      ...(spec.subject ? { Subject: spec.subject } : {}),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font(STYLE.font).fillColor(STYLE.text);
  const root = doc.struct('Document');
  doc.addStructure(root);
  for (const block of spec.blocks) renderBlock(doc, root, showableBlock(block));
  root.end();
  decoratePages(doc, spec);
  doc.end();
  return done;
}

/** The block with its text as the standard fonts can draw it (see text.ts). */
function showableBlock(block: PdfBlock): PdfBlock {
  switch (block.kind) {
    case 'heading':
    case 'paragraph':
      return { ...block, text: showable(block.text) };
    case 'summaryList':
      return { ...block, rows: block.rows.map((r) => ({ key: showable(r.key), value: showable(r.value) })) };
    case 'table':
      return {
        ...block,
        ...(block.caption === undefined ? {} : { caption: showable(block.caption) }),
        head: block.head.map(showable),
        rows: block.rows.map((row) => row.map(showable)),
      };
    case 'figure':
      return { ...block, svg: showable(block.svg), alt: showable(block.alt) };
    case 'pageBreak':
      return block;
  }
}

const width = (doc: Doc): number => doc.page.width - doc.page.margins.left - doc.page.margins.right;
const bottom = (doc: Doc): number => doc.page.height - doc.page.margins.bottom;
const left = (doc: Doc): number => doc.page.margins.left;

/** Starts a new page when less than `height` is left on this one. */
function ensureRoom(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

function renderBlock(doc: Doc, root: Struct, block: PdfBlock): void {
  switch (block.kind) {
    case 'heading': {
      const level = block.level ?? 2;
      const style = STYLE.heading[level];
      doc.font(STYLE.bold).fontSize(style.size);
      const height = doc.heightOfString(block.text, { width: width(doc), lineGap: style.lineGap });
      // keep a heading with at least two lines of what follows it
      ensureRoom(doc, height + style.after + 2 * STYLE.body.size * 1.2);
      root.add(
        doc.struct(`H${level}`, {}, () => {
          doc
            .fillColor(STYLE.text)
            .text(block.text, left(doc), doc.y, { width: width(doc), lineGap: style.lineGap });
        }),
      );
      doc.y += style.after;
      return;
    }
    case 'paragraph': {
      doc.font(STYLE.font).fontSize(STYLE.body.size);
      ensureRoom(doc, STYLE.body.size * 1.2);
      root.add(
        doc.struct('P', {}, () => {
          doc
            .fillColor(block.secondary ? STYLE.secondary : STYLE.text)
            .text(block.text, left(doc), doc.y, { width: width(doc), lineGap: STYLE.body.lineGap });
        }),
      );
      doc.fillColor(STYLE.text);
      doc.y += STYLE.body.after;
      return;
    }
    case 'summaryList':
      renderSummaryList(doc, root, block.rows);
      return;
    case 'table':
      renderTable(doc, root, block);
      return;
    case 'figure':
      renderFigure(doc, root, block);
      return;
    case 'pageBreak':
      doc.addPage();
      return;
  }
}

/**
 * An SVG figure scaled to the text width (or to the page's height, whichever is smaller), on a
 * page of its own if it does not fit; tagged as a Figure with its text alternative. The standard
 * fonts stand in for the SVG's (Helvetica, as for the text).
 */
function renderFigure(doc: Doc, root: Struct, block: Extract<PdfBlock, { kind: 'figure' }>): void {
  const box = /viewBox="\s*[-\d.]+\s+[-\d.]+\s+([\d.]+)\s+([\d.]+)\s*"/.exec(block.svg);
  const [w, h] = box ? [Number(box[1]), Number(box[2])] : [4, 3];
  const usable = bottom(doc) - doc.page.margins.top;
  const scale = Math.min(width(doc) / w, usable / h);
  ensureRoom(doc, h * scale);
  const y = doc.y;
  root.add(
    doc.struct('Figure', { alt: block.alt }, () => {
      SVGtoPDF(doc, block.svg, left(doc), y, {
        width: w * scale,
        height: h * scale,
        fontCallback: (_family, bold) => (bold ? STYLE.bold : STYLE.font),
      });
    }),
  );
  doc.x = left(doc);
  doc.y = y + h * scale + STYLE.body.after;
  doc.font(STYLE.font).fillColor(STYLE.text);
}

/** A rule under a row, GOV.UK's border colour. */
function rule(doc: Doc, y: number): void {
  doc.markContent('Artifact', { type: 'Layout' });
  doc
    .save()
    .moveTo(left(doc), y)
    .lineTo(left(doc) + width(doc), y)
    .lineWidth(1)
    .strokeColor(STYLE.border)
    .stroke()
    .restore();
  doc.endMarkedContent();
}

function renderSummaryList(doc: Doc, root: Struct, rows: readonly { key: string; value: string }[]): void {
  const keyWidth = width(doc) * 0.3;
  const valueWidth = width(doc) - keyWidth - STYLE.columnGap;
  const pad = STYLE.cellPadding;
  const list = doc.struct('L');
  root.add(list);
  for (const row of rows) {
    doc.fontSize(STYLE.body.size);
    const keyHeight = doc.font(STYLE.bold).heightOfString(row.key, { width: keyWidth });
    const valueHeight = doc.font(STYLE.font).heightOfString(row.value || ' ', { width: valueWidth });
    const height = Math.max(keyHeight, valueHeight) + 2 * pad;
    ensureRoom(doc, height);
    const top = doc.y;
    const item = doc.struct('LI');
    list.add(item);
    item.add(
      doc.struct('Lbl', {}, () => {
        doc.font(STYLE.bold).text(row.key, left(doc), top + pad, { width: keyWidth });
      }),
    );
    item.add(
      doc.struct('LBody', {}, () => {
        doc.font(STYLE.font).text(row.value, left(doc) + keyWidth + STYLE.columnGap, top + pad, {
          width: valueWidth,
        });
      }),
    );
    item.end();
    rule(doc, top + height);
    doc.y = top + height;
  }
  list.end();
  doc.x = left(doc);
  doc.y += STYLE.body.after + 5;
}

function columnWidths(doc: Doc, block: TableBlock): number[] {
  const n = block.head.length;
  const weights = block.widths && block.widths.length === n ? block.widths : block.head.map(() => 1);
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => ((width(doc) - STYLE.columnGap * (n - 1)) * w) / total);
}

/** Draws one row of cells at the current y; returns its height. `tags` null draws an artifact. */
function drawRow(
  doc: Doc,
  cells: readonly string[],
  widths: number[],
  block: TableBlock,
  header: boolean,
  parent: Struct | null,
): number {
  const pad = STYLE.cellPadding;
  doc.font(header ? STYLE.bold : STYLE.font).fontSize(STYLE.small.size);
  const height = rowHeight(doc, cells, widths, header);
  const top = doc.y;
  let x = left(doc);
  cells.forEach((text, i) => {
    const options = {
      width: widths[i]!,
      align: block.numeric?.[i] ? ('right' as const) : ('left' as const),
      lineGap: STYLE.small.lineGap,
    };
    const cellX = x;
    const draw = () => {
      doc.font(header ? STYLE.bold : STYLE.font).text(text, cellX, top + pad, options);
    };
    if (parent) parent.add(doc.struct(header ? 'TH' : 'TD', header ? COLUMN_HEADER : {}, draw));
    else {
      doc.markContent('Artifact', { type: 'Pagination' });
      draw();
      doc.endMarkedContent();
    }
    x += widths[i]! + STYLE.columnGap;
  });
  rule(doc, top + height);
  doc.x = left(doc);
  doc.y = top + height;
  return height;
}

function rowHeight(doc: Doc, cells: readonly string[], widths: number[], header: boolean): number {
  doc.font(header ? STYLE.bold : STYLE.font).fontSize(STYLE.small.size);
  const tallest = Math.max(
    ...cells.map((t, i) => doc.heightOfString(t || ' ', { width: widths[i]!, lineGap: STYLE.small.lineGap })),
  );
  return tallest + 2 * STYLE.cellPadding;
}

function renderTable(doc: Doc, root: Struct, block: TableBlock): void {
  const widths = columnWidths(doc, block);
  const headHeight = rowHeight(doc, block.head, widths, true);
  const firstRow = block.rows[0] ? rowHeight(doc, block.rows[0], widths, false) : 0;
  doc.font(STYLE.bold).fontSize(STYLE.heading[3].size);
  const captionHeight = block.caption ? doc.heightOfString(block.caption, { width: width(doc) }) + 10 : 0;
  // the caption, the header and the first row stay together
  ensureRoom(doc, captionHeight + headHeight + firstRow);
  const table = doc.struct('Table');
  root.add(table);
  if (block.caption) {
    table.add(
      doc.struct('Caption', {}, () => {
        doc
          .font(STYLE.bold)
          .fontSize(STYLE.heading[3].size)
          .text(block.caption!, left(doc), doc.y, { width: width(doc) });
      }),
    );
    doc.y += 10;
  }
  const headRow = doc.struct('TR');
  table.add(headRow);
  drawRow(doc, block.head, widths, block, true, headRow);
  headRow.end();
  for (const cells of block.rows) {
    const height = rowHeight(doc, cells, widths, false);
    if (doc.y + height > bottom(doc)) {
      doc.addPage();
      // the header row again, as an artifact so assistive technology reads it once
      drawRow(doc, block.head, widths, block, true, null);
    }
    const row = doc.struct('TR');
    table.add(row);
    drawRow(doc, cells, widths, block, false, row);
    row.end();
  }
  table.end();
  doc.font(STYLE.font).fontSize(STYLE.body.size);
  doc.y += STYLE.body.after + 5;
}

/** The marking at the top and bottom, the watermark and "Page n of m", on every page, as artifacts. */
function decoratePages(doc: Doc, spec: PdfDocumentSpec): void {
  const marking = showable(spec.marking ?? DEFAULT_MARKING);
  const watermark = watermarkText(spec);
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i += 1) {
    doc.switchToPage(i);
    const { width: pageWidth, height: pageHeight } = doc.page;
    const margins = { ...doc.page.margins };
    // draw in the margins without pdfkit starting a new page
    doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 };
    doc.markContent('Artifact', { type: 'Pagination' });
    doc.font(STYLE.bold).fontSize(STYLE.marking.size).fillColor(STYLE.text);
    doc.text(marking, 0, 22, { width: pageWidth, align: 'center', lineBreak: false });
    doc.text(marking, 0, pageHeight - 32, { width: pageWidth, align: 'center', lineBreak: false });
    // who downloaded it and when, and the page number, above the marking at the foot
    const footWidth = pageWidth - margins.left - margins.right;
    doc.font(STYLE.font).fontSize(10).fillColor(STYLE.secondary);
    doc.text(watermark, margins.left, pageHeight - 50, { width: footWidth, align: 'left', lineBreak: false });
    doc.text(`Page ${i - start + 1} of ${count}`, margins.left, pageHeight - 50, {
      width: footWidth,
      align: 'right',
      lineBreak: false,
    });
    doc.endMarkedContent();
    // the watermark across the middle of the page, faint and diagonal
    doc.markContent('Artifact', { type: 'Pagination' });
    doc.save();
    doc
      .font(STYLE.bold)
      .fontSize(STYLE.watermark.size)
      .fillColor(STYLE.secondary)
      .fillOpacity(STYLE.watermark.opacity);
    doc.rotate(-35, { origin: [pageWidth / 2, pageHeight / 2] });
    const lineWidth = doc.widthOfString(watermark);
    for (const dy of [-180, 0, 180])
      doc.text(watermark, pageWidth / 2 - lineWidth / 2, pageHeight / 2 + dy, { lineBreak: false });
    doc.restore();
    doc.endMarkedContent();
    doc.page.margins = margins;
  }
}
