/** One block of a PDF document, laid out in order. */
export type PdfBlock =
  /** level 1 is the document's title size (GOV.UK heading-l), 2 heading-m, 3 heading-s; default 2 */
  | { kind: 'heading'; text: string; level?: 1 | 2 | 3 }
  /** secondary text is grey (GOV.UK secondary text colour) */
  | { kind: 'paragraph'; text: string; secondary?: boolean }
  /** key and value pairs, as a GOV.UK summary list */
  | { kind: 'summaryList'; rows: readonly { key: string; value: string }[] }
  /**
   * A table; its header row is repeated at the top of every page it continues on. `numeric`
   * right-aligns a column (GOV.UK numeric cells); `widths` are relative column widths.
   */
  | {
      kind: 'table';
      caption?: string;
      head: readonly string[];
      rows: readonly (readonly string[])[];
      numeric?: readonly boolean[];
      widths?: readonly number[];
    }
  /**
   * A chart or other figure from a standalone SVG image of our own (its `viewBox` gives its
   * proportions), drawn as vectors across the text width; `alt` is its text alternative (the
   * page's table gives the same data).
   */
  | { kind: 'figure'; svg: string; alt: string }
  /** starts a new page */
  | { kind: 'pageBreak' };

/** A whole document: its title, who downloaded it and when (for the watermark), and its blocks. */
export type PdfDocumentSpec = {
  /** the document's title, in its metadata (and shown by viewers); not drawn unless a block says so */
  title: string;
  /** what it is about, in its metadata */
  subject?: string;
  /** the name of the person downloading it, e.g. "A. Person": watermarked on every page */
  downloadedBy: string;
  /** when it was downloaded: watermarked on every page */
  downloadedAt: Date;
  /** the protective marking at the top and bottom of every page; default "OFFICIAL-SENSITIVE" */
  marking?: string;
  /** default portrait */
  layout?: 'portrait' | 'landscape';
  blocks: readonly PdfBlock[];
};
