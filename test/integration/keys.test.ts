import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { ContactRow } from '../../src/modules/victims/repository.js';
import { EMPTY_CONTACT } from '../../src/modules/victims/schemas.js';
import { openContact, saveContact, victimsOfCase } from '../../src/modules/victims/service.js';
import type { SessionUser } from '../../src/platform/auth/sessions.js';
import { victimContactContext } from '../../src/platform/crypto/contexts.js';
import { decryptJson, DecryptionError, encryptJson } from '../../src/platform/crypto/envelope.js';
import { parseKeyring } from '../../src/platform/crypto/keyring.js';
import { ROTATE_BATCH_SIZE, rotateKeys, RotationError } from '../../src/platform/crypto/rotate.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { auditActor, targets } from '../support/databases.js';
import type { TestCase, TestSite, TestUser } from '../support/fixtures.js';

const spec = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
const A = spec('key-a');
const B = spec('key-b');
const C = spec('key-c');
const keyringA = parseKeyring(A);
const keyringB = parseKeyring(B);
const keyringBA = parseKeyring(`${B},${A}`);
const keyringCB = parseKeyring(`${C},${B}`);

const CONTACT = {
  address: '17 Quillfeather Lane, Winchester',
  phone: '01632 960 417',
  email: 'vic.victim@example.org',
  safeContactNotes: 'Weekday mornings only; never leave a voicemail.',
  version: 0,
};
const PLAINTEXTS = [CONTACT.address, CONTACT.phone, CONTACT.email, CONTACT.safeContactNotes];
/** more rows than two batches, so rotation commits some batches before it reaches a bad record */
const EXTRA_CONTACTS = 2 * ROTATE_BATCH_SIZE + 31;

type RawRow = ContactRow;

describe.each(targets)('master keys and key rotation on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let advocate: TestUser;
  let theCase: TestCase;
  let advocateSession: SessionUser;
  let contactId: string;

  const rows = async (): Promise<RawRow[]> =>
    t.db.owner.selectFrom('victim_contact').selectAll().orderBy('id').execute();
  const sealedOf = (row: RawRow) => ({
    keyId: row.key_id,
    wrappedKey: row.wrapped_key,
    ciphertext: row.ciphertext,
  });
  const actor = () => auditActor(t, advocate.id, `test-${randomUUID()}`);

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    advocate = await t.createUser({ role: 'stalking_advocate', sites: [site] });
    theCase = await t.seedCase({ site, createdBy: advocate.id, team: [advocate.id] });
    advocateSession = {
      id: advocate.id,
      email: advocate.email,
      displayName: 'Test advocate',
      role: advocate.role,
      agencyId: null,
      siteIds: advocate.siteIds,
      mustChangePassword: false,
    };

    // the advocate records the victim's contact details as the application does: through the
    // victims service, under row-level security, encrypted under key A
    await t.asUser(advocate.id, (tx) =>
      saveContact(tx, keyringA, advocateSession, actor(), theCase.caseId, theCase.caseVictimId, CONTACT),
    );
    const saved = await t.db.owner
      .selectFrom('victim_contact')
      .select('id')
      .where('case_victim_id', '=', theCase.caseVictimId)
      .executeTakeFirstOrThrow();
    contactId = saved.id;

    // and many more victims on the case with contact details, written as the demo seed writes them
    const victims = Array.from({ length: EXTRA_CONTACTS }, () => ({
      personId: randomUUID(),
      caseVictimId: randomUUID(),
    }));
    await t.db.owner.transaction().execute(async (tx) => {
      await tx
        .insertInto('person')
        .values(
          victims.map((v, i) => ({
            id: v.personId,
            given_name: 'Extra',
            family_name: `Victim${i}`,
            created_by: advocate.id,
          })),
        )
        .execute();
      await tx
        .insertInto('case_victim')
        .values(
          victims.map((v) => ({
            id: v.caseVictimId,
            case_id: theCase.caseId,
            victim_id: v.personId,
            relationship: 'family' as const,
          })),
        )
        .execute();
      await tx
        .insertInto('victim_contact')
        .values(
          victims.map((v, i) => {
            const row = { id: randomUUID(), case_id: theCase.caseId, case_victim_id: v.caseVictimId };
            const sealed = encryptJson(keyringA, victimContactContext(row), {
              address: `${i} Extra Street`,
              phone: `01632 960 ${String(i % 1000).padStart(3, '0')}`,
              email: `extra${i}@example.org`,
              safeContactNotes: '',
            });
            return {
              ...row,
              key_id: sealed.keyId,
              wrapped_key: sealed.wrappedKey,
              ciphertext: sealed.ciphertext,
              updated_by: advocate.id,
              updated_at: new Date(),
            };
          }),
        )
        .execute();
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('stores none of the contact details in the clear', async () => {
    const row = (await rows()).find((r) => r.id === contactId)!;
    expect(row.key_id).toBe('key-a');
    const stored = Buffer.concat([row.wrapped_key, row.ciphertext]);
    const { rows: json } = await sql<{ json: string }>`
      select row_to_json(v)::text as json from victim_contact v where v.id = ${contactId}`.execute(
      t.db.owner,
    );
    expect(json).toHaveLength(1);
    for (const text of PLAINTEXTS) {
      expect(stored.includes(Buffer.from(text))).toBe(false);
      expect(json[0]!.json).not.toContain(text);
      // bytea shows as hex in JSON: not as the plaintext's hex either
      expect(json[0]!.json).not.toContain(Buffer.from(text).toString('hex'));
    }
    const { rows: all } = await sql<{ json: string }>`
      select string_agg(row_to_json(v)::text, E'\\n') as json from victim_contact v`.execute(t.db.owner);
    for (const text of [...PLAINTEXTS, 'Extra Street', '@example.org'])
      expect(all[0]!.json).not.toContain(text);
    // and the record opens, under key A, to exactly what was saved
    const { version: _version, ...details } = CONTACT;
    expect(decryptJson(keyringA, victimContactContext(row), sealedOf(row))).toEqual(details);
  });

  it('refuses to rotate while any record is under a key missing from the keyring, changing nothing', async () => {
    const before = await rows();
    const error = await rotateKeys(t.db, keyringB).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RotationError);
    expect((error as RotationError).recordId).toBe(before[0]!.id);
    expect((error as Error).message).toContain(before[0]!.id);
    expect((error as Error).message).toContain('key-a');
    const after = await rows();
    expect(after.map((r) => [r.key_id, r.wrapped_key.toString('hex')])).toEqual(
      before.map((r) => [r.key_id, r.wrapped_key.toString('hex')]),
    );
  });

  it('rotates every record to the new key in batches; the ciphertext is unchanged and key B alone opens it', async () => {
    const before = await rows();
    const progress: [number, number][] = [];
    const result = await rotateKeys(t.db, keyringBA, (done, total) => progress.push([done, total]));
    const total = EXTRA_CONTACTS + 1;
    expect(result).toEqual({ rewrapped: total, alreadyCurrent: 0 });
    expect(progress).toEqual([
      [ROTATE_BATCH_SIZE, total],
      [2 * ROTATE_BATCH_SIZE, total],
      [total, total],
    ]);

    const after = await rows();
    expect(after).toHaveLength(total);
    const beforeById = new Map(before.map((r) => [r.id, r]));
    for (const row of after) {
      const old = beforeById.get(row.id)!;
      expect(row.key_id).toBe('key-b');
      expect(row.ciphertext.equals(old.ciphertext)).toBe(true);
      expect(row.wrapped_key.equals(old.wrapped_key)).toBe(false);
      expect(row.version).toBe(old.version);
      // key B alone now opens every record; key A alone opens none
      expect(() => decryptJson(keyringB, victimContactContext(row), sealedOf(row))).not.toThrow();
      expect(() => decryptJson(keyringA, victimContactContext(row), sealedOf(row))).toThrow(DecryptionError);
    }

    // the application, with key B alone, shows the advocate the same details as before
    const view = await t.asUser(advocate.id, (tx) =>
      victimsOfCase(tx, keyringB, advocateSession, actor(), theCase.caseId, 'api'),
    );
    const shown = view.victims.find((v) => v.id === theCase.caseVictimId)!.contact;
    // safe-contact preferences not given read as empty (issue 5)
    expect(shown).toEqual({ ...EMPTY_CONTACT, ...CONTACT, version: 1 });

    // nothing left to do the second time
    expect(await rotateKeys(t.db, keyringBA)).toEqual({ rewrapped: 0, alreadyCurrent: total });
  });

  it('a tampered byte of a stored ciphertext fails to decrypt with DecryptionError', async () => {
    await sql`update victim_contact set ciphertext = set_byte(ciphertext, 40, get_byte(ciphertext, 40) # 16)
               where id = ${contactId}`.execute(t.db.owner);
    const row = (await rows()).find((r) => r.id === contactId)!;
    expect(() => decryptJson(keyringB, victimContactContext(row), sealedOf(row))).toThrow(DecryptionError);
    // the application shows nothing of it: a clear error instead of partial data
    expect(() => openContact(keyringB, row)).toThrow('The contact details could not be read');
  });

  it('stops at a record whose wrapped key was altered, naming it, and rolls back its whole batch', async () => {
    const before = await rows();
    // a record in the second batch
    const bad = before[ROTATE_BATCH_SIZE + 17]!;
    await sql`update victim_contact set wrapped_key = set_byte(wrapped_key, 20, get_byte(wrapped_key, 20) # 1)
               where id = ${bad.id}`.execute(t.db.owner);
    const progress: number[] = [];
    const error = await rotateKeys(t.db, keyringCB, (done) => progress.push(done)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RotationError);
    expect((error as RotationError).recordId).toBe(bad.id);
    expect((error as Error).message).toContain(bad.id);
    expect((error as RotationError).rewrapped).toBe(ROTATE_BATCH_SIZE);
    expect(progress).toEqual([ROTATE_BATCH_SIZE]);

    const after = await rows();
    // the first batch committed, whole; the failing batch and everything after it untouched
    after.forEach((row, i) => {
      const old = before[i]!;
      expect(row.id).toBe(old.id);
      expect(row.ciphertext.equals(old.ciphertext)).toBe(true);
      if (i < ROTATE_BATCH_SIZE) {
        expect(row.key_id).toBe('key-c');
      } else {
        expect(row.key_id).toBe('key-b');
        if (row.id !== bad.id) expect(row.wrapped_key.equals(old.wrapped_key)).toBe(true);
      }
    });
  });

  it('recolo keys status and keys rotate report counts and progress', async () => {
    // put the damaged record back in order (re-encrypted under key C), so rotation can finish
    const damaged = (await rows()).filter((r) => r.id === contactId || r.key_id === 'key-b');
    const { version: _version, ...details } = CONTACT;
    const repaired = damaged.filter((r) => {
      try {
        decryptJson(keyringCB, victimContactContext(r), sealedOf(r));
        return false;
      } catch {
        return true;
      }
    });
    expect(repaired).toHaveLength(2);
    for (const r of repaired) {
      const sealed = encryptJson(keyringCB, victimContactContext(r), details);
      await t.db.owner
        .updateTable('victim_contact')
        .set({ key_id: sealed.keyId, wrapped_key: sealed.wrappedKey, ciphertext: sealed.ciphertext })
        .where('id', '=', r.id)
        .execute();
    }
    const underB = (await rows()).filter((r) => r.key_id === 'key-b').length;
    const total = EXTRA_CONTACTS + 1;

    const saved = { ...process.env };
    const output: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      output.push(String(chunk));
      return true;
    });
    const errors = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      // the command line reaches the embedded database through its socket, PostgreSQL by its URL
      delete process.env.DATABASE_URL;
      delete process.env.DATABASE_APP_URL;
      process.env.DATA_DIR = t.config.dataDir;
      if (t.config.databaseUrl) process.env.DATABASE_URL = t.config.databaseUrl;
      process.env.RECOLO_MASTER_KEYS = `${C},${B}`;

      expect(await main(['keys', 'status'])).toBe(0);
      const status = output.join('');
      expect(status).toContain('current "key-c"; older "key-b"');
      expect(status).toMatch(new RegExp(`key-b\\s+${underB}\\s+\\(older key`));
      expect(status).toMatch(new RegExp(`key-c\\s+${total - underB}\\s+\\(current key\\)`));
      for (const text of PLAINTEXTS) expect(status).not.toContain(text);

      output.length = 0;
      expect(await main(['keys', 'rotate'])).toBe(0);
      const rotated = output.join('');
      expect(rotated).toContain(`Re-wrapped ${ROTATE_BATCH_SIZE} of ${underB} records`);
      expect(rotated).toContain(`Re-wrapped ${underB} of ${underB} records`);
      expect(rotated).toContain(
        `Re-wrapped ${underB} record(s) under key "key-c"; ${total - underB} already were.`,
      );

      output.length = 0;
      expect(await main(['keys', 'new-key', '--id', 'key-d'])).toBe(0);
      const made = output.join('').trim();
      expect(parseKeyring(made).currentId).toBe('key-d');
      expect(await main(['keys', 'new-key', '--id', 'key-c'])).toBe(2);
      expect(await main(['keys', 'spin'])).toBe(2);
    } finally {
      write.mockRestore();
      errors.mockRestore();
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
    const after = await rows();
    expect(after.every((r) => r.key_id === 'key-c')).toBe(true);
    for (const row of after) {
      expect(() => decryptJson(parseKeyring(C), victimContactContext(row), sealedOf(row))).not.toThrow();
    }
  });
});
