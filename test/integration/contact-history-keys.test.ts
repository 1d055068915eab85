import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amendContact } from '../../src/modules/victims/contact-corrections.js';
import { EMPTY_CONTACT } from '../../src/modules/victims/schemas.js';
import { saveContact, victimsOfCase } from '../../src/modules/victims/service.js';
import type { SessionUser } from '../../src/platform/auth/sessions.js';
import { victimContactAmendmentContext } from '../../src/platform/crypto/contexts.js';
import { decryptJson, DecryptionError } from '../../src/platform/crypto/envelope.js';
import { parseKeyring } from '../../src/platform/crypto/keyring.js';
import { recordsByKey, rotateKeys, RotationError } from '../../src/platform/crypto/rotate.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { auditActor, targets } from '../support/databases.js';
import type { TestCase, TestSite, TestUser } from '../support/fixtures.js';

const spec = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
const A = spec('key-a');
const B = spec('key-b');
const keyringA = parseKeyring(A);
const keyringB = parseKeyring(B);
const keyringBA = parseKeyring(`${B},${A}`);

/**
 * Issue 11: the earlier values of a victim's contact details, kept with each correction, are under
 * the same key handling as the details themselves: sealed under the current master key, counted
 * by key, re-wrapped by key rotation (and rotation refuses while their key is missing), and then
 * opened under the new key alone.
 */
describe.each(targets)('the contact details’ kept earlier values and key rotation on %s', (target) => {
  let t: TestApp;
  let site: TestSite;
  let advocate: TestUser;
  let theCase: TestCase;
  let session: SessionUser;
  const actor = () => auditActor(t, advocate.id, `test-${randomUUID()}`);
  const amendmentRow = () =>
    t.db.owner
      .selectFrom('victim_contact_amendment')
      .select(['id', 'case_id', 'record_id', 'version_after', 'key_id', 'wrapped_key', 'ciphertext'])
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await startTestApp(target);
    site = await t.seedSite();
    advocate = await t.createUser({ role: 'stalking_advocate', sites: [site] });
    theCase = await t.seedCase({ site, createdBy: advocate.id, team: [advocate.id] });
    session = {
      id: advocate.id,
      email: advocate.email,
      displayName: 'Test advocate',
      role: advocate.role,
      agencyId: null,
      siteIds: advocate.siteIds,
      mustChangePassword: false,
    };
    const first = { ...EMPTY_CONTACT, address: '17 Quillfeather Lane, Winchester', version: 0 };
    await t.asUser(advocate.id, (tx) =>
      saveContact(tx, keyringA, session, actor(), theCase.caseId, theCase.caseVictimId, first),
    );
    await t.asUser(advocate.id, (tx) =>
      amendContact(
        tx,
        keyringA,
        session,
        actor(),
        { caseId: theCase.caseId, caseVictimId: theCase.caseVictimId },
        {
          details: { ...EMPTY_CONTACT, address: '3 Lark Rise, Winchester' },
          reason: 'She moved',
          version: 1,
        },
        'api',
      ),
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it('seals the earlier values under the current key, bound to the correction’s place', async () => {
    const row = await amendmentRow();
    expect(row.key_id).toBe('key-a');
    const sealed = { keyId: row.key_id!, wrappedKey: row.wrapped_key!, ciphertext: row.ciphertext! };
    expect(decryptJson(keyringA, victimContactAmendmentContext(row), sealed)).toEqual({
      address: { from: '17 Quillfeather Lane, Winchester', to: '3 Lark Rise, Winchester' },
    });
    // copied onto another correction's place it does not open
    expect(() =>
      decryptJson(keyringA, victimContactAmendmentContext({ ...row, version_after: 3 }), sealed),
    ).toThrow(DecryptionError);
    expect(await recordsByKey(t.db)).toEqual([{ keyId: 'key-a', records: 2 }]);
  });

  it('rotation refuses without the old key, then re-wraps the correction with the details; key B alone opens the history', async () => {
    expect(await rotateKeys(t.db, keyringB).catch((e: unknown) => e)).toBeInstanceOf(RotationError);
    const before = await amendmentRow();
    expect(await rotateKeys(t.db, keyringBA)).toEqual({ rewrapped: 2, alreadyCurrent: 0 });
    const after = await amendmentRow();
    expect(after.key_id).toBe('key-b');
    expect(after.ciphertext!.equals(before.ciphertext!)).toBe(true);
    expect(after.wrapped_key!.equals(before.wrapped_key!)).toBe(false);
    expect(await recordsByKey(t.db)).toEqual([{ keyId: 'key-b', records: 2 }]);
    const view = await t.asUser(advocate.id, (tx) =>
      victimsOfCase(tx, keyringB, session, actor(), theCase.caseId, 'api'),
    );
    const victim = view.victims.find((v) => v.id === theCase.caseVictimId)!;
    expect(victim.contact?.address).toBe('3 Lark Rise, Winchester');
    expect(victim.contactHistory.map((a) => a.changes)).toEqual([
      { address: { from: '17 Quillfeather Lane, Winchester', to: '3 Lark Rise, Winchester' } },
    ]);
    expect(await rotateKeys(t.db, keyringBA)).toEqual({ rewrapped: 0, alreadyCurrent: 2 });
  });
});
