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
  evidenceCount: number;
};

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
      eb
        .selectFrom('evidence_file as e')
        .whereRef('e.incident_id', '=', 'i.id')
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
  };
}

/** A case's incidents, most recent first, optionally within [from, to] (by when they happened). */
export async function listIncidents(
  tx: Tx,
  caseId: string,
  range: { from?: Date; to?: Date } = {},
): Promise<IncidentRow[]> {
  let q = baseQuery(tx, caseId);
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
