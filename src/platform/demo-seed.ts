import type { Transaction } from 'kysely';
import type { AuditKeys } from './audit/mac.js';
import type { Role } from './auth/users.js';
import type { Keyring } from './crypto/keyring.js';
import type { DB } from './db/schema.js';

// THE DEMO SEED CONTRACT. `recolo demo` (src/demo) makes the demonstration site, one account per
// role and the demo's core cases, then calls each module's `demo.seed` (its manifest, in `order`)
// so every capability writes its own fictional records. Everything the demo writes is fictional.

/** A demo case as the core seed made it, for the modules to hang their records on. */
export type DemoCaseRef = {
  /** the subject's family name: the key the modules' demo records are listed under */
  key: string;
  caseId: string;
  reference: string;
  /** when the case was referred: a record dated earlier is a mistake in the demo's data */
  createdDaysAgo: number;
  /** the case's victims (case_victim ids), in the order the demo lists them */
  caseVictimIds: readonly string[];
};

export type DemoSeedContext = {
  /** the demo's one transaction, on the owner connection */
  tx: Transaction<DB>;
  site: { id: string; code: string };
  /** the demo account of a role */
  userId(role: Role): string;
  /** the demo's cases, in the order they were made */
  cases: readonly DemoCaseRef[];
  /** the case whose subject has this family name (throws when there is none) */
  caseOf(key: string): DemoCaseRef;
  /** the master keys the application decrypts with */
  keyring: Keyring;
  /** the audit keys the demo's own events are authenticated with */
  auditKeys: AuditKeys;
};

export type DemoSeed = {
  /** lowest first; the core cases are made before any */
  order: number;
  seed(ctx: DemoSeedContext): Promise<void>;
};

/** The day of a record on a demo case, `days` ago: never before the case was referred. */
export function demoRecordDate(c: DemoCaseRef, days: number, now = new Date()): Date {
  if (days < 0 || days > c.createdDaysAgo) {
    throw new Error(`Demo record for ${c.key} dated ${days} days ago, outside the case's life`);
  }
  return new Date(now.getTime() - days * 86_400_000);
}

/** The case_victim id of the demo case's `index`th victim. */
export function demoCaseVictim(c: DemoCaseRef, index: number): string {
  const id = c.caseVictimIds[index];
  if (!id) throw new Error(`Demo record for ${c.key} names victim ${index}, who is not on the case`);
  return id;
}
