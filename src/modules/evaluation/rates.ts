import { recordAudit } from '../../platform/audit/record.js';
import type { Actor, Tx } from '../../platform/db/request-tx.js';
import { Conflict } from '../../platform/errors.js';
import type { FieldError } from '../../platform/errors.js';
import { labels } from '../../platform/views/labels.js';
import { hourlyRates, type RateRow } from './repository.js';

export type RateView = RateRow & { label: string; pounds: string };

/** The hourly rates for the form: each profession with its rate in pounds. */
export async function ratesForm(tx: Tx): Promise<RateView[]> {
  return (await hourlyRates(tx)).map((r) => ({
    ...r,
    label: (labels.role as Record<string, string>)[r.profession] ?? r.profession,
    pounds: (r.pencePerHour / 100).toFixed(2),
  }));
}

/** Reads "£45.50" or "45.5" as pence; null when it is not an amount from 0 to £1,000,000. */
export function penceOf(text: string): number | null {
  const m = /^£?\s*(\d{1,7})(?:\.(\d{1,2}))?$/.exec(text.trim().replace(/,/g, ''));
  if (!m) return null;
  const pence = Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
  return pence <= 100_000_000 ? pence : null;
}

/**
 * Saves the rates posted (profession → text and the version the form showed). Every amount is
 * checked first; a rate changed by someone else since the form was drawn is refused (Conflict),
 * naming it, and nothing is saved.
 */
export async function saveRates(
  tx: Tx,
  actor: Actor,
  posted: Record<string, unknown>,
): Promise<{ ok: true } | { ok: false; errors: FieldError[] }> {
  const current = await hourlyRates(tx);
  const errors: FieldError[] = [];
  const changes: { profession: string; pence: number; version: number }[] = [];
  for (const r of current) {
    const text = String(posted[`rate_${r.profession}`] ?? '');
    const pence = penceOf(text);
    if (pence === null) {
      errors.push({ field: `rate_${r.profession}`, message: 'Enter the hourly rate in pounds, like 45.50' });
      continue;
    }
    const version = Number(posted[`version_${r.profession}`]);
    if (pence !== r.pencePerHour) changes.push({ profession: r.profession, pence, version });
  }
  if (errors.length) return { ok: false, errors };
  for (const c of changes) {
    const done = await tx
      .updateTable('evaluation_hourly_rate')
      .set({
        pence_per_hour: c.pence,
        updated_by: actor.userId,
        updated_at: new Date(),
        version: c.version + 1,
      })
      .where('profession', '=', c.profession)
      .where('version', '=', c.version)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) {
      const label = (labels.role as Record<string, string>)[c.profession] ?? c.profession;
      throw new Conflict(
        'These rates have changed since you opened the page',
        `Someone else changed the rate for ${label}. Nothing was saved: open the page again to see the current rates.`,
      );
    }
  }
  await recordAudit(tx, actor, {
    action: 'evaluation.rates.changed',
    reason: 'staff cost rates for the evaluation',
    details: { changed: changes.length },
  });
  return { ok: true };
}
