/**
 * The rule for a case decision: the victim's voice must be up to date (an entry recorded within the
 * period the site sets, default 28 days), or the reason it is not must be recorded. A case with no
 * victims has no such requirement. Whether each victim's voice is current is worked out by the
 * database (recolo_private.voice_currency) so that entries not to be shared stay with the advocate.
 */
export const DEFAULT_VOICE_FRESH_DAYS = 28;

export type VoiceCurrency = { caseVictimId: string; isCurrent: boolean };

/**
 * Is an entry recorded on `recordedOn` still current on `today` (both YYYY-MM-DD)? The same rule as
 * recolo_private.voice_currency (migrations/006_voice_freshness.sql): recorded_on >= today - days.
 */
export function isVoiceCurrent(recordedOn: string | null, today: string, freshDays: number): boolean {
  if (!recordedOn) return false;
  const days = (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${recordedOn}T00:00:00Z`)) / 86_400_000;
  return days <= freshDays;
}

/** The victims whose voice is not up to date: a decision about them needs a recorded reason. */
export function staleVictims(currency: readonly VoiceCurrency[]): string[] {
  return currency.filter((c) => !c.isCurrent).map((c) => c.caseVictimId);
}

export const VOICE_REASON_REQUIRED =
  'Enter the reason the victim’s voice is not up to date before making this decision';

/** The problem with a decision, or null: a reason is required exactly when some victim's voice is stale. */
export function voiceDecisionProblem(currency: readonly VoiceCurrency[], reason: string): string | null {
  if (staleVictims(currency).length === 0) return null;
  return reason.trim() ? null : VOICE_REASON_REQUIRED;
}
