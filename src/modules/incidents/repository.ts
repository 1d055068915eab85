import { sql } from 'kysely';
import { withdrawalOf, type Withdrawal } from '../../platform/corrections/index.js';
import type { Tx } from '../../platform/db/request-tx.js';
import { listVictims } from '../cases/public.js';
import type { Behaviour, IncidentInput, Reporter } from './schemas.js';

export type IncidentRow = {
  id: string;
  occurredFrom: Date;
  occurredTo: Date | null;
  approximate: boolean;
  behaviours: Behaviour[];
  reportedBy: Reporter;
  caseVictimId: string | null;
  victimName: string | null;
  description: string;
  importBatch: string | null;
  createdBy: string;
  createdAt: Date;
  /** evidence files not withdrawn */
  evidenceCount: number;
  version: number;
  /** entered in error: when, by whom (name) and why; null while the incident stands */
  withdrawn: Withdrawal | null;
};

export type { Withdrawal };

export type EvidenceRow = {
  id: string;
  incidentId: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  uploadedBy: string;
  uploadedAt: Date;
  withdrawn: Withdrawal | null;
};

/**
 * Adds one incident to a case (the form, the API and the diary import all come here). The caller
 * has checked write access to the core compartment and validated the input with `incidentInput`;
 * row-level security is the backstop.
 */
export async function insertIncident(
  tx: Tx,
  caseId: string,
  userId: string,
  input: IncidentInput,
  options: { importBatch?: string | null } = {},
): Promise<string> {
  const row = await tx
    .insertInto('incident')
    .values({
      case_id: caseId,
      case_victim_id: input.caseVictimId ?? null,
      occurred_from: input.occurredFrom,
      occurred_to: input.occurredTo ?? null,
      approximate: input.approximate || Boolean(input.occurredTo),
      behaviours: input.behaviours,
      reported_by: input.reportedBy,
      description: input.description,
      import_batch: options.importBatch ?? null,
      created_by: userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Whether a case victim id belongs to this case. */
export async function victimOnCase(tx: Tx, caseId: string, caseVictimId: string): Promise<boolean> {
  const row = await tx
    .selectFrom('case_victim')
    .select('id')
    .where('id', '=', caseVictimId)
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  return Boolean(row);
}

export async function caseVictims(tx: Tx, caseId: string): Promise<{ id: string; name: string }[]> {
  const rows = await listVictims(tx, caseId);
  return rows.map((r) => ({ id: r.id, name: `${r.given_name} ${r.family_name}` }));
}

function baseQuery(tx: Tx, caseId: string) {
  return tx
    .selectFrom('incident as i')
    .leftJoin('case_victim as cv', 'cv.id', 'i.case_victim_id')
    .leftJoin('person as p', 'p.id', 'cv.victim_id')
    .innerJoin('app_user as u', 'u.id', 'i.created_by')
    .leftJoin('app_user as w', 'w.id', 'i.withdrawn_by')
    .select((eb) => [
      'i.id',
      'i.occurred_from',
      'i.occurred_to',
      'i.approximate',
      'i.behaviours',
      'i.reported_by',
      'i.case_victim_id',
      'p.given_name',
      'p.family_name',
      'i.description',
      'i.import_batch',
      'u.display_name as created_by_name',
      'i.created_at',
      'i.version',
      'i.withdrawn_at',
      'w.display_name as withdrawn_by_name',
      'i.withdrawn_reason',
      eb
        .selectFrom('evidence_file as e')
        .whereRef('e.incident_id', '=', 'i.id')
        .where('e.withdrawn_at', 'is', null)
        .select((e) => e.fn.countAll<string>().as('n'))
        .as('evidence_count'),
    ])
    .where('i.case_id', '=', caseId);
}

type BaseRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

function toRow(r: BaseRow): IncidentRow {
  return {
    id: r.id,
    occurredFrom: r.occurred_from,
    occurredTo: r.occurred_to,
    approximate: r.approximate,
    behaviours: r.behaviours as Behaviour[],
    reportedBy: r.reported_by as Reporter,
    caseVictimId: r.case_victim_id,
    victimName: r.given_name ? `${r.given_name} ${r.family_name ?? ''}`.trim() : null,
    description: r.description,
    importBatch: r.import_batch,
    createdBy: r.created_by_name,
    createdAt: r.created_at,
    evidenceCount: Number(r.evidence_count ?? 0),
    version: r.version,
    withdrawn: withdrawalOf(r.withdrawn_at, r.withdrawn_by_name, r.withdrawn_reason),
  };
}

/**
 * A case's incidents, most recent first, optionally within [from, to] (by when they happened).
 * Those withdrawn as entered in error are left out, unless `withdrawn: 'only'` asks for just them.
 */
export async function listIncidents(
  tx: Tx,
  caseId: string,
  range: { from?: Date; to?: Date; withdrawn?: 'only' } = {},
): Promise<IncidentRow[]> {
  let q = baseQuery(tx, caseId).where('i.withdrawn_at', range.withdrawn === 'only' ? 'is not' : 'is', null);
  if (range.from)
    q = q.where((eb) => eb(eb.fn.coalesce('i.occurred_to', 'i.occurred_from'), '>=', range.from!));
  if (range.to) q = q.where('i.occurred_from', '<=', range.to);
  const rows = await q.orderBy('i.occurred_from', 'desc').orderBy('i.created_at', 'desc').execute();
  return rows.map(toRow);
}

export async function getIncident(tx: Tx, caseId: string, incidentId: string): Promise<IncidentRow | null> {
  const row = await baseQuery(tx, caseId).where('i.id', '=', incidentId).executeTakeFirst();
  return row ? toRow(row) : null;
}

export async function listEvidence(tx: Tx, caseId: string, incidentId: string): Promise<EvidenceRow[]> {
  const rows = await tx
    .selectFrom('evidence_file as e')
    .innerJoin('app_user as u', 'u.id', 'e.uploaded_by')
    .leftJoin('app_user as w', 'w.id', 'e.withdrawn_by')
    .select([
      'e.id',
      'e.incident_id',
      'e.file_name',
      'e.content_type',
      'e.size_bytes',
      'e.sha256',
      'e.storage_key',
      'u.display_name',
      'e.uploaded_at',
      'e.withdrawn_at',
      'w.display_name as withdrawn_by_name',
      'e.withdrawn_reason',
    ])
    .where('e.case_id', '=', caseId)
    .where('e.incident_id', '=', incidentId)
    .orderBy('e.uploaded_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    incidentId: r.incident_id,
    fileName: r.file_name,
    contentType: r.content_type,
    sizeBytes: r.size_bytes,
    sha256: r.sha256,
    storageKey: r.storage_key,
    uploadedBy: r.display_name,
    uploadedAt: r.uploaded_at,
    withdrawn: withdrawalOf(r.withdrawn_at, r.withdrawn_by_name, r.withdrawn_reason),
  }));
}

export async function getEvidence(
  tx: Tx,
  caseId: string,
  incidentId: string,
  fileId: string,
): Promise<EvidenceRow | null> {
  const rows = await listEvidence(tx, caseId, incidentId);
  return rows.find((r) => r.id === fileId) ?? null;
}

export async function insertEvidence(
  tx: Tx,
  values: {
    caseId: string;
    incidentId: string;
    fileName: string;
    contentType: string;
    sizeBytes: number;
    sha256: string;
    storageKey: string;
    uploadedBy: string;
  },
): Promise<string> {
  const row = await tx
    .insertInto('evidence_file')
    .values({
      case_id: values.caseId,
      incident_id: values.incidentId,
      file_name: values.fileName,
      content_type: values.contentType,
      size_bytes: values.sizeBytes,
      sha256: values.sha256,
      storage_key: values.storageKey,
      uploaded_by: values.uploadedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Applies a correction when the incident is still at `version` (the version goes up by one).
 * False when it is not (amended since, or withdrawn): the caller refuses the stale save.
 */
export async function updateIncident(
  tx: Tx,
  incidentId: string,
  version: number,
  values: {
    occurredFrom: Date;
    occurredTo: Date | null;
    approximate: boolean;
    behaviours: string[];
    reportedBy: string;
    caseVictimId: string | null;
    description: string;
  },
): Promise<boolean> {
  const row = await tx
    .updateTable('incident')
    .set({
      occurred_from: values.occurredFrom,
      occurred_to: values.occurredTo,
      approximate: values.approximate,
      behaviours: values.behaviours,
      reported_by: values.reportedBy,
      case_victim_id: values.caseVictimId,
      description: values.description,
      version: version + 1,
    })
    .where('id', '=', incidentId)
    .where('version', '=', version)
    .where('withdrawn_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return Boolean(row);
}

export async function insertIncidentAmendment(
  tx: Tx,
  values: {
    caseId: string;
    incidentId: string;
    versionAfter: number;
    changes: Record<string, { from: unknown; to: unknown }>;
    reason: string;
    by: string;
  },
): Promise<string> {
  const row = await tx
    .insertInto('incident_amendment')
    .values({
      case_id: values.caseId,
      incident_id: values.incidentId,
      version_after: values.versionAfter,
      changes: JSON.stringify(values.changes),
      reason: values.reason,
      by_user: values.by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An incident's amendments, newest first, with who made each (name). */
export async function listIncidentAmendments(tx: Tx, caseId: string, incidentId: string) {
  return tx
    .selectFrom('incident_amendment as a')
    .innerJoin('app_user as u', 'u.id', 'a.by_user')
    .select(['a.id', 'a.version_after', 'a.changes', 'a.reason', 'u.display_name as by', 'a.at'])
    .where('a.case_id', '=', caseId)
    .where('a.incident_id', '=', incidentId)
    .orderBy('a.version_after', 'desc')
    .execute();
}

/** Marks an evidence file as entered in error (its row, name, size and hash stay); false when already. */
export async function withdrawEvidence(tx: Tx, fileId: string, by: string, reason: string): Promise<boolean> {
  const row = await tx
    .updateTable('evidence_file')
    .set({ withdrawn_at: sql`now()`, withdrawn_by: by, withdrawn_reason: reason })
    .where('id', '=', fileId)
    .where('withdrawn_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return Boolean(row);
}
