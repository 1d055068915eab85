import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit/record.js';
import type { SessionUser } from '../../platform/auth/sessions.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import { NotFound } from '../../platform/errors.js';
import type { Definition } from './definition.js';
import * as repo from './repository.js';
import { readTemplate, TEMPLATE_FILES } from './templates.js';
import { validateDefinition } from './validate.js';
import { findUnstorable } from '../../platform/http/text-input.js';

export type Tier = Definition['tier'];

/** One published version of an instrument, with its definition. */
export type InstrumentVersion = {
  /** the instrument_version id: what an assessment refers to */
  id: string;
  code: string;
  name: string;
  tier: Tier;
  version: number;
  isTemplate: boolean;
  definition: Definition;
  publishedAt: Date;
  publishedBy: string | null;
  supersededAt: Date | null;
};

export type CurrentInstrument = Omit<InstrumentVersion, 'definition' | 'publishedBy' | 'supersededAt'>;

const toVersion = (row: repo.VersionRow): InstrumentVersion => ({
  id: row.id,
  code: row.code,
  name: row.name,
  tier: row.tier,
  version: row.version,
  isTemplate: row.is_template,
  // validated when it was published, and immutable since
  definition: row.definition as Definition,
  publishedAt: new Date(row.published_at),
  publishedBy: row.published_by_name,
  supersededAt: row.superseded_at ? new Date(row.superseded_at) : null,
});

/** A published version by its id, or null. */
export async function findInstrumentVersion(tx: Tx, versionId: string): Promise<InstrumentVersion | null> {
  if (!/^[0-9a-f-]{36}$/i.test(versionId)) return null;
  const row = await repo.findVersionById(tx, versionId);
  return row ? toVersion(row) : null;
}

/** A published version by its id (superseded or not: past assessments keep theirs); else 404. */
export async function getInstrumentVersion(tx: Tx, versionId: string): Promise<InstrumentVersion> {
  const found = await findInstrumentVersion(tx, versionId);
  if (!found) throw new NotFound();
  return found;
}

/** A published version by its instrument code and version number, or null. */
export async function findVersionByCode(
  tx: Tx,
  code: string,
  version: number,
): Promise<InstrumentVersion | null> {
  const row = await repo.findVersion(tx, code, version);
  return row ? toVersion(row) : null;
}

/** The versions in use, one per instrument (screening tools first): what a new assessment uses. */
export async function listCurrentInstruments(tx: Tx): Promise<CurrentInstrument[]> {
  return (await repo.listCurrentVersions(tx)).map((row) => {
    const { definition: _d, publishedBy: _p, supersededAt: _s, ...rest } = toVersion(row);
    return rest;
  });
}

/** Every instrument with all its versions, newest first: the administrator's list. */
export async function listInstrumentsWithVersions(tx: Tx) {
  const rows = (await repo.listVersions(tx)).map(toVersion);
  const byCode = new Map<string, { code: string; name: string; tier: Tier; versions: InstrumentVersion[] }>();
  for (const v of rows) {
    let entry = byCode.get(v.code);
    if (!entry) {
      entry = { code: v.code, name: v.name, tier: v.tier, versions: [] };
      byCode.set(v.code, entry);
    }
    entry.versions.push(v);
  }
  return [...byCode.values()];
}

export type ImportOutcome =
  | { ok: true; id: string; code: string; version: number; tier: Tier; superseded: string[] }
  | { ok: false; problems: string[] };

/**
 * Publishes a definition: validated, then as version 1 of a new instrument or as the next version
 * (latest + 1, same tier) of an existing one, which supersedes the version before it. Every check
 * comes before the first write, so a refusal leaves nothing saved and the transaction usable.
 * The caller decides who may do this: `importAsAdministrator` for requests; the command line and
 * the demo seed use the owner connection.
 */
export async function importDefinition(
  tx: Tx,
  actor: Actor,
  json: unknown,
  options: { via: 'page' | 'api' | 'cli' | 'demo' },
): Promise<ImportOutcome> {
  // a file or API body can carry text the database cannot hold (a NUL in a prompt): refuse it here,
  // so every way in (page, API, command line) answers the same
  const unstorable = findUnstorable(json);
  if (unstorable) return { ok: false, problems: [`${unstorable.field}: contains ${unstorable.what}`] };
  const checked = validateDefinition(json);
  if (!checked.ok) return checked;
  const def = checked.definition;

  const instrument = await repo.findInstrument(tx, def.code);
  if (!instrument) {
    if (def.version !== 1)
      return {
        ok: false,
        problems: [
          `version: '${def.code}' is a new instrument, so its first version must be 1, not ${def.version}`,
        ],
      };
  } else {
    const problems: string[] = [];
    if (instrument.tier !== def.tier)
      problems.push(
        `tier: '${def.code}' is a ${instrument.tier} instrument; a new version must keep that tier, not ${def.tier}`,
      );
    const latest = (await repo.latestVersion(tx, instrument.id)) ?? 0;
    if (def.version !== latest + 1)
      problems.push(
        `version: the latest published version of '${def.code}' is ${latest}, so a new version must be ${latest + 1}, not ${def.version}`,
      );
    if (problems.length) return { ok: false, problems };
  }

  // another administrator may publish the same version between the check and the insert: the
  // savepoint keeps the transaction alive through the unique violation
  await sql`savepoint instrument_import`.execute(tx);
  let saved: { id: string };
  let instrumentId: string;
  try {
    instrumentId =
      instrument?.id ?? (await repo.insertInstrument(tx, { code: def.code, name: def.name, tier: def.tier }));
    saved = await repo.insertVersion(tx, {
      instrumentId,
      version: def.version,
      definition: def,
      isTemplate: def.template,
      publishedBy: actor.userId,
    });
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') throw error;
    await sql`rollback to savepoint instrument_import`.execute(tx);
    return {
      ok: false,
      problems: [`version: version ${def.version} of '${def.code}' was published by someone else just now`],
    };
  }
  await sql`release savepoint instrument_import`.execute(tx);
  const superseded = await repo.supersedeEarlier(tx, instrumentId, saved.id);
  await recordAudit(tx, actor, {
    action: 'instrument.imported',
    reason: 'administrator',
    recordType: 'instrument_version',
    recordId: saved.id,
    details: {
      code: def.code,
      version: def.version,
      tier: def.tier,
      template: def.template,
      superseded: superseded.join(',') || null,
      via: options.via,
    },
  });
  return { ok: true, id: saved.id, code: def.code, version: def.version, tier: def.tier, superseded };
}

/** importDefinition for a signed-in administrator; anyone else is answered 404. */
export async function importAsAdministrator(
  tx: Tx,
  actor: Actor,
  admin: SessionUser,
  json: unknown,
  via: 'page' | 'api',
): Promise<ImportOutcome> {
  return importDefinition(tx, actor, json, { via });
}

/** Publishes each of Recolo's templates whose code is not in the database yet (for the demo). */ export async function importTemplates(
  tx: Tx,
  actor: Actor,
): Promise<{ file: string; outcome: ImportOutcome | 'exists' }[]> {
  const results: { file: string; outcome: ImportOutcome | 'exists' }[] = [];
  for (const file of TEMPLATE_FILES) {
    const json = readTemplate(file) as { code?: string };
    if (typeof json.code === 'string' && (await repo.findInstrument(tx, json.code))) {
      results.push({ file, outcome: 'exists' });
      continue;
    }
    results.push({ file, outcome: await importDefinition(tx, actor, json, { via: 'demo' }) });
  }
  return results;
}
