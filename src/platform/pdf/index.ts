/** PDF documents (meeting packs, minutes, evaluation reports): see render.ts. */
export { renderPdf, watermarkText, DEFAULT_MARKING } from './render.js';
export type { PdfBlock, PdfDocumentSpec } from './spec.js';
