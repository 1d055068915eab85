import type { Readable } from 'node:stream';
import { auditCase, requireRead, requireWrite } from '../../platform/access/case-access.js';
import type { SessionUser } from '../../platform/auth/sessions.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import { Forbidden, Invalid, NotFound, type FieldError } from '../../platform/errors.js';
import type { UploadedFile } from '../../platform/http/multipart.js';
import { newStorageKey, type FileStore } from '../../platform/storage/index.js';
import { openCase } from '../../platform/case-context.js';
import { checkEvidence } from './evidence.js';
import * as repo from './repository.js';
import type { IncidentInput } from './schemas.js';

type Channel = 'page' | 'api';

/**
 * A case's incidents (core read), newest first: those standing, or with `withdrawn` those
 * withdrawn as entered in error; `withdrawnCount` says how many are withdrawn either way.
 */
export async function listPage(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  channel: Channel,
  options: { withdrawn?: boolean } = {},
) {
  const h = await openCase(tx, user, caseId);
  requireRead(h.access, 'core');
  const withdrawnList = await repo.listIncidents(tx, caseId, { withdrawn: 'only' });
  const incidents = options.withdrawn ? withdrawnList : await repo.listIncidents(tx, caseId);
  await auditCase(tx, actor, h.access, {
    action: 'incident.list',
    recordType: 'incident',
    details: { count: incidents.length, channel, ...(options.withdrawn ? { withdrawn: true } : {}) },
  });
  return {
    ...h,
    incidents,
    withdrawnCount: withdrawnList.length,
    canWrite: h.access.levels.core === 'write',
  };
}

export async function newPage(tx: Tx, user: SessionUser, caseId: string) {
  const h = await openCase(tx, user, caseId);
  requireWrite(h.access, 'core', 'record an incident');
  return { ...h, victims: await repo.caseVictims(tx, caseId) };
}

export async function checkInput(tx: Tx, caseId: string, input: IncidentInput): Promise<FieldError[]> {
  if (input.caseVictimId && !(await repo.victimOnCase(tx, caseId, input.caseVictimId)))
    return [{ field: 'caseVictimId', message: 'Select a victim on this case' }];
  return [];
}

export async function addIncident(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  input: IncidentInput,
  channel: Channel,
): Promise<string> {
  const h = await openCase(tx, user, caseId);
  requireWrite(h.access, 'core', 'record an incident');
  const problems = await checkInput(tx, caseId, input);
  if (problems.length) throw new Invalid('The incident is not valid', problems);
  const id = await repo.insertIncident(tx, caseId, user.id, input);
  await auditCase(tx, actor, h.access, {
    action: 'incident.created',
    recordType: 'incident',
    recordId: id,
    details: { channel },
  });
  return id;
}

export async function openIncident(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  caseId: string,
  incidentId: string,
  channel: Channel,
) {
  const h = await openCase(tx, user, caseId);
  requireRead(h.access, 'core');
  const incident = await repo.getIncident(tx, caseId, incidentId);
  if (!incident) throw new NotFound();
  const evidence = await repo.listEvidence(tx, caseId, incidentId);
  const amendments = await repo.listIncidentAmendments(tx, caseId, incidentId);
  await auditCase(tx, actor, h.access, {
    action: 'incident.view',
    recordType: 'incident',
    recordId: incidentId,
    details: { channel },
  });
  // under break-glass a file is listed (type, size, hash, date) but never named or served: a
  // screenshot of messages can carry the victim's contact details, which break-glass never shows
  const withheld = h.access.basis === 'break-glass';
  return {
    ...h,
    incident,
    evidence: evidence.map((e) => ({ ...e, fileName: withheld ? null : e.fileName, withheld })),
    amendments,
    victims: await repo.caseVictims(tx, caseId),
    canWrite: h.access.levels.core === 'write',
  };
}

/**
 * Checks and stores one evidence file for an incident, in the request's transaction. The file is
 * written to the store only after access, the incident and the content have been checked; if the
 * row cannot be written the stored file is removed. `stored` reports the key so that a caller can
 * remove the file if the transaction fails to commit later.
 */
export async function addEvidence(
  tx: Tx,
  store: FileStore,
  user: SessionUser,
  actor: Actor,
  target: { caseId: string; incidentId: string },
  file: UploadedFile | undefined,
  maxBytes: number,
  stored: { key?: string },
  channel: Channel,
): Promise<string> {
  const h = await openCase(tx, user, target.caseId);
  requireWrite(h.access, 'core', 'add evidence');
  const incident = await repo.getIncident(tx, target.caseId, target.incidentId);
  if (!incident) throw new NotFound();
  if (!file)
    throw new Invalid('Select a file', [{ field: 'file', message: 'Select a file' }], { reason: 'shape' });
  const checked = checkEvidence(file, maxBytes);
  if (!checked.ok) {
    const reason = file.tooLarge
      ? 'too_large'
      : /must be a/.test(checked.message)
        ? 'unsupported_type'
        : 'rule';
    throw new Invalid('The file was not accepted', [{ field: 'file', message: checked.message }], {
      detail: checked.message,
      reason,
    });
  }
  const key = newStorageKey();
  await store.put(key, file.data);
  stored.key = key;
  let id: string;
  try {
    id = await repo.insertEvidence(tx, {
      caseId: target.caseId,
      incidentId: target.incidentId,
      fileName: checked.fileName,
      contentType: checked.contentType,
      sizeBytes: file.size,
      sha256: file.sha256,
      storageKey: key,
      uploadedBy: user.id,
    });
  } catch (error) {
    await store.delete(key).catch(() => undefined);
    stored.key = undefined;
    throw error;
  }
  await auditCase(tx, actor, h.access, {
    action: 'evidence.uploaded',
    recordType: 'evidence_file',
    recordId: id,
    details: { incidentId: target.incidentId, sha256: file.sha256, size: file.size, channel },
  });
  return id;
}

export async function evidenceForDownload(
  tx: Tx,
  user: SessionUser,
  actor: Actor,
  target: { caseId: string; incidentId: string; fileId: string },
): Promise<repo.EvidenceRow> {
  const h = await openCase(tx, user, target.caseId);
  requireRead(h.access, 'core');
  if (h.access.basis === 'break-glass')
    throw new Forbidden(
      'Evidence files cannot be opened under break-glass',
      'Ask a member of the case team to share what you need.',
    );
  const file = await repo.getEvidence(tx, target.caseId, target.incidentId, target.fileId);
  if (!file) throw new NotFound();
  if (file.withdrawn)
    throw new Forbidden(
      'This evidence file was withdrawn as entered in error',
      'Its name, size and SHA-256 are kept on the incident; the file is no longer served.',
    );
  await auditCase(tx, actor, h.access, {
    action: 'evidence.download',
    recordType: 'evidence_file',
    recordId: file.id,
    details: { incidentId: target.incidentId, sha256: file.sha256 },
  });
  return file;
}

/** The stored bytes, once the file has been opened (so a missing file fails before headers go). */
export function openStored(store: FileStore, key: string): Promise<Readable> {
  return new Promise((resolve, reject) => {
    const stream = store.get(key);
    stream.once('error', reject);
    stream.once('readable', () => {
      stream.off('error', reject);
      resolve(stream);
    });
  });
}
