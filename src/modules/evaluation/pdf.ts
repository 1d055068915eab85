import type { Report } from './service.js';

/**
 * The whole report as a PDF. TEMPORARY until platform/pdf (the disclosure helper's branch) is
 * merged: refused with a message.
 */
export async function reportPdf(_report: Report, _rule: string): Promise<Buffer | null> {
  return null;
}
