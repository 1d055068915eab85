import { sql } from 'kysely';
import type { Tx } from '../../platform/db/request-tx.js';

/**
 * Instruments and their published versions. Reference data: everyone signed in reads them, only
 * an administrator (or the owner connection, for the command line and the demo) writes them. A
 * published version's definition is immutable (a trigger refuses any change); the one write
 * after publishing is setting superseded_at when a newer version is published.
 */

export type VersionRow = {
  id: string;
  instrument_id: string;
  code: string;
  tier: 'screening' | 'spj';
  version: number;
  name: string;
  definition: unknown;
  is_template: boolean;
  published_at: Date;
  published_by_name: string | null;
  superseded_at: Date | null;
};

function versionQuery(tx: Tx) {
  return tx
    .selectFrom('instrument_version as v')
    .innerJoin('instrument as i', 'i.id', 'v.instrument_id')
    .leftJoin('app_user as u', 'u.id', 'v.published_by')
    .select([
      'v.id',
      'v.instrument_id',
      'i.code',
      'i.tier',
      'v.version',
      sql<string>`coalesce(v.definition ->> 'name', i.name)`.as('name'),
      'v.definition',
      'v.is_template',
      'v.published_at',
      'u.display_name as published_by_name',
      'v.superseded_at',
    ]);
}

/** Every version of every instrument: by code, newest version first. */
export async function listVersions(tx: Tx): Promise<VersionRow[]> {
  return (await versionQuery(tx).orderBy('i.code').orderBy('v.version', 'desc').execute()) as VersionRow[];
}

/** The version of each instrument that is in use: not superseded. */
export async function listCurrentVersions(tx: Tx): Promise<VersionRow[]> {
  return (await versionQuery(tx)
    .where('v.superseded_at', 'is', null)
    .orderBy('i.tier')
    .orderBy('i.code')
    .execute()) as VersionRow[];
}

export async function findVersionById(tx: Tx, id: string): Promise<VersionRow | undefined> {
  return (await versionQuery(tx).where('v.id', '=', id).executeTakeFirst()) as VersionRow | undefined;
}

export async function findVersion(tx: Tx, code: string, version: number): Promise<VersionRow | undefined> {
  return (await versionQuery(tx)
    .where('i.code', '=', code)
    .where('v.version', '=', version)
    .executeTakeFirst()) as VersionRow | undefined;
}

export function findInstrument(tx: Tx, code: string) {
  return tx
    .selectFrom('instrument')
    .select(['id', 'code', 'name', 'tier'])
    .where('code', '=', code)
    .executeTakeFirst();
}

export async function latestVersion(tx: Tx, instrumentId: string): Promise<number | null> {
  const row = await tx
    .selectFrom('instrument_version')
    .select((eb) => eb.fn.max('version').as('latest'))
    .where('instrument_id', '=', instrumentId)
    .executeTakeFirst();
  return row?.latest ?? null;
}

export async function insertInstrument(
  tx: Tx,
  values: { code: string; name: string; tier: 'screening' | 'spj' },
): Promise<string> {
  const row = await tx.insertInto('instrument').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function insertVersion(
  tx: Tx,
  values: {
    instrumentId: string;
    version: number;
    definition: unknown;
    isTemplate: boolean;
    publishedBy: string | null;
  },
): Promise<{ id: string; published_at: Date }> {
  return tx
    .insertInto('instrument_version')
    .values({
      instrument_id: values.instrumentId,
      version: values.version,
      definition: JSON.stringify(values.definition),
      is_template: values.isTemplate,
      published_by: values.publishedBy,
    })
    .returning(['id', 'published_at'])
    .executeTakeFirstOrThrow() as Promise<{ id: string; published_at: Date }>;
}

/** Marks every earlier, still current version of the instrument superseded; their ids. */
export async function supersedeEarlier(
  tx: Tx,
  instrumentId: string,
  newVersionId: string,
): Promise<string[]> {
  const rows = await tx
    .updateTable('instrument_version')
    .set({ superseded_at: sql<Date>`now()` })
    .where('instrument_id', '=', instrumentId)
    .where('id', '<>', newVersionId)
    .where('superseded_at', 'is', null)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}
