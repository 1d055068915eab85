import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

// pdfjs reads the standard 14 fonts' metrics from its own folder
const standardFontDataUrl = join(
  dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')),
  'standard_fonts/',
);

/** What a test can read of a PDF: each page's text, the metadata, and whether it is tagged. */
export type PdfReading = {
  /** each page's text, items joined by spaces (pdfjs's text content, artifacts included) */
  pages: string[];
  title: string | undefined;
  author: string | undefined;
  /** the catalogue's MarkInfo: Marked is true for a tagged PDF */
  marked: boolean;
  /** each page's structure tree roles, depth first (empty for an untagged page) */
  structure: string[][];
};

type StructNode = { role?: string; children?: StructNode[] };
const rolesOf = (node: StructNode | null): string[] =>
  node ? [...(node.role ? [node.role] : []), ...(node.children ?? []).flatMap(rolesOf)] : [];

// pdfjs 5 keeps the page count of "the" document in a static field (PagesMapper.#pagesNumber), so
// two documents open at once share it and one of them is refused a page it has ("Invalid page
// request.", seen in the leak test's concurrent requests): one read at a time
let reading: Promise<unknown> = Promise.resolve();

/** Reads a PDF with pdfjs-dist (the legacy build, for Node), one at a time. */
export function readPdf(pdf: Uint8Array): Promise<PdfReading> {
  const next = reading.then(() => readOne(pdf));
  reading = next.catch(() => undefined);
  return next;
}

async function readOne(pdf: Uint8Array): Promise<PdfReading> {
  const document = await getDocument({
    data: new Uint8Array(pdf),
    standardFontDataUrl,
    useSystemFonts: false,
    isEvalSupported: false,
  }).promise;
  try {
    const pages: string[] = [];
    const structure: string[][] = [];
    for (let n = 1; n <= document.numPages; n += 1) {
      const page = await document.getPage(n);
      const content = await page.getTextContent();
      pages.push(
        content.items
          .map((item) => ('str' in item ? item.str : ''))
          .join(' ')
          .replace(/\s+/g, ' ')
          .trim(),
      );
      structure.push(rolesOf((await page.getStructTree()) as StructNode | null));
    }
    const { info } = (await document.getMetadata()) as { info: { Title?: string; Author?: string } };
    const markInfo = (await document.getMarkInfo()) as { Marked?: boolean } | null;
    return { pages, title: info.Title, author: info.Author, marked: markInfo?.Marked === true, structure };
  } finally {
    await document.destroy();
  }
}
