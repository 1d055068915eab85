import { randomUUID } from 'node:crypto';
import { auditCase, requireWrite } from '../../platform/access/case-access.js';
import type { SessionUser } from '../../platform/auth/sessions.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import { Invalid } from '../../platform/errors.js';
import { openCase } from '../../platform/case-context.js';
import { caseVictims, insertIncident } from '../incidents/public.js';
import { decodeText, type Detected, type Encoding } from '../../platform/text-encoding.js';
import type { Delimiter } from './csv.js';
import { clockField, readDiary, readyToSave, type DiaryRow } from './rows.js';

/**
 * Bulk diary import: a CSV of incidents is read and checked row by row, kept in the user's session
 * (never in the page) while they look at the preview, and saved in one transaction, all rows or
 * only the valid ones as they confirm, with one import batch id and one audit event.
 */

export const WRITE_VERB = 'import incidents on this case';

/** What the session keeps between the upload and the save. */
export type PendingImport = {
  id: string;
  caseId: string;
  fileName: string;
  uploadedAt: string;
  rows: DiaryRow[];
  /** the encoding the file was read in, and the one detected from its bytes */
  encoding: Encoding;
  detected: Detected;
  /** the encoding and separator the person chose, if they did (else detected) */
  chosenEncoding: Encoding | null;
  chosenDelimiter: Delimiter | null;
  delimiter: Delimiter;
  delimiterFrom: 'sep-line' | 'first-row';
  /** the file as uploaded (base64), to read again in another encoding or with another separator */
  source: string;
};

export const SESSION_KEY = 'diaryImport';

export function pendingOf(data: Record<string, unknown>, caseId: string): PendingImport | null {
  const p = data[SESSION_KEY] as PendingImport | undefined;
  return p && typeof p === 'object' && p.caseId === caseId && Array.isArray(p.rows) ? p : null;
}

export function counts(p: PendingImport) {
  const valid = p.rows.filter((r) => r.input && !r.errors.length).length;
  return { total: p.rows.length, valid, invalid: p.rows.length - valid };
}

/** Checks the user may import on the case, and gives the page header. */
export async function importHeader(tx: Tx, user: SessionUser, caseId: string) {
  const h = await openCase(tx, user, caseId);
  requireWrite(h.access, 'core', WRITE_VERB);
  return h;
}

/** How to read an uploaded file: an encoding and a separator the person chose, or null to detect. */
export type ReadChoice = { encoding: Encoding | null; delimiter: Delimiter | null };

/** Reads an uploaded diary against the case's victims: the pending import, or the problem with the file. */
export async function readUpload(
  tx: Tx,
  user: SessionUser,
  caseId: string,
  file: { fileName: string; data: Buffer },
  choice: ReadChoice = { encoding: null, delimiter: null },
): Promise<{ pending: PendingImport } | { problem: string }> {
  await importHeader(tx, user, caseId);
  const victims = await caseVictims(tx, caseId);
  const decoded = decodeText(file.data, choice.encoding);
  const parsed = readDiary(decoded.text, victims, new Date(), choice.delimiter ?? undefined);
  if ('problem' in parsed) return parsed;
  return {
    pending: {
      id: randomUUID(),
      caseId,
      fileName: file.fileName,
      uploadedAt: new Date().toISOString(),
      rows: parsed.rows,
      encoding: decoded.encoding,
      detected: decoded.detected,
      chosenEncoding: choice.encoding,
      chosenDelimiter: choice.delimiter,
      delimiter: parsed.delimiter,
      delimiterFrom: parsed.delimiterFrom,
      source: file.data.toString('base64'),
    },
  };
}

/** The pending import read again from its own file, in another encoding or with another separator. */
export async function rereadUpload(
  tx: Tx,
  user: SessionUser,
  pending: PendingImport,
  choice: ReadChoice,
): Promise<{ pending: PendingImport } | { problem: string }> {
  const data = Buffer.from(pending.source ?? '', 'base64');
  return readUpload(tx, user, pending.caseId, { fileName: pending.fileName, data }, choice);
}

/** The rows' times the clocks repeated that the person has not yet said BST or GMT for. */
export function unansweredClocks(p: PendingImport, choices: Record<string, unknown>) {
  return p.rows.flatMap((row) =>
    row.errors.length || !row.input
      ? []
      : (row.clocks ?? [])
          .filter(
            (c) =>
              choices[clockField(row.line, c)] !== 'first' && choices[clockField(row.line, c)] !== 'second',
          )
          .map((c) => ({
            field: clockField(row.line, c),
            message: `Line ${row.line}: ${c.time} on ${c.day} happened twice (the clocks went back). Choose ${c.time} ${c.readings[0]!.zone} or ${c.time} ${c.readings[1]!.zone}`,
          })),
  );
}

/**
 * Saves the chosen rows in the caller's transaction: all of them (refused while any row has an
 * error) or only the valid ones. Every row is validated again now; if one no longer passes (a
 * victim removed from the case, say), nothing is saved.
 */
export async function saveImport(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  pending: PendingImport,
  choice: 'all' | 'valid',
  clockChoices: Record<string, unknown> = {},
): Promise<{ batch: string; saved: number }> {
  const h = await importHeader(tx, user, pending.caseId);
  const c = counts(pending);
  const unanswered = unansweredClocks(pending, clockChoices);
  if (unanswered.length) throw new Invalid('Say which time was meant', unanswered);
  if (choice === 'all' && c.invalid > 0) {
    throw new Invalid('Some rows have errors', undefined, {
      detail: 'Upload a corrected file, or save only the valid rows.',
    });
  }
  if (c.valid === 0) throw new Invalid('There are no valid rows to save');
  const victims = new Set((await caseVictims(tx, pending.caseId)).map((v) => v.id));
  const batch = pending.id;
  let saved = 0;
  for (const row of pending.rows) {
    if (row.errors.length || !row.input) continue;
    const input = readyToSave(row, clockChoices);
    if (!input || (input.caseVictimId && !victims.has(input.caseVictimId))) {
      throw new Invalid(`Row ${row.line} is no longer valid`, undefined, {
        detail: 'Upload the file again to check it against the case as it is now.',
      });
    }
    await insertIncident(tx, pending.caseId, user.id, input, { importBatch: batch });
    saved += 1;
  }
  await auditCase(tx, actor, h.access, {
    action: 'incident.imported',
    recordType: 'incident',
    details: {
      batch,
      count: saved,
      skipped: c.total - saved,
      file: pending.fileName.slice(0, 200),
    },
  });
  return { batch, saved };
}
