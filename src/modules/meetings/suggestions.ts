import type { Tx } from '../../platform/db/request-tx.js';
import { formatDate } from '../../platform/views/format.js';
import { riskFactsAtSite } from '../assessments/public.js';
import { openCasesAtSite } from '../cases/public.js';
import { listOrderAlerts } from '../orders/public.js';
import { siteVoiceFreshDays, voiceFactsAtSite } from '../voice/public.js';
import { suggestionReasons, type CaseFacts, type SuggestionContext } from './rules.js';

export type Suggestion = { caseId: string; reference: string; reasons: string[] };

/**
 * The cases to suggest for a meeting's agenda, from what other modules know (each through its
 * public functions; row-level security limits them to what the coordinator may see): the facts of
 * each open case at the site, judged by `suggestionReasons`. Cases already on the agenda are left out.
 */
export async function suggestCases(
  tx: Tx,
  m: { siteId: string; meetingOn: string; since: string },
  onAgenda: ReadonlySet<string>,
): Promise<Suggestion[]> {
  const cases = (await openCasesAtSite(tx, m.siteId)).filter((c) => !onAgenda.has(c.caseId));
  if (!cases.length) return [];
  const risk = new Map((await riskFactsAtSite(tx, m.siteId, m.since)).map((r) => [r.caseId, r]));
  const voice = new Map((await voiceFactsAtSite(tx, m.siteId)).map((v) => [v.caseId, v]));
  const alerts = await listOrderAlerts(tx, {
    mine: false,
    siteId: m.siteId,
    limit: 1000,
    today: m.meetingOn,
  });
  const earliest = (caseId: string, kinds: readonly string[], pick: 'min' | 'max') => {
    const dates = alerts
      .filter((a) => a.case_id === caseId && kinds.includes(a.alert))
      .map((a) => String(a.on_date));
    if (!dates.length) return null;
    return dates.sort()[pick === 'min' ? 0 : dates.length - 1]!;
  };
  const ctx: SuggestionContext = {
    meetingOn: m.meetingOn,
    since: m.since,
    voiceFreshDays: await siteVoiceFreshDays(tx, m.siteId),
  };
  const out: Suggestion[] = [];
  for (const c of cases) {
    const facts: CaseFacts = {
      caseId: c.caseId,
      reference: c.reference,
      status: c.status,
      nextReviewOn: risk.get(c.caseId)?.nextReviewOn ?? null,
      ratedHighOn: risk.get(c.caseId)?.ratedHighOn ?? null,
      breachOn: earliest(c.caseId, ['breach'], 'max'),
      orderEndsOn: earliest(c.caseId, ['order_ending', 'licence_ending'], 'min'),
      hasVictims: voice.get(c.caseId)?.hasVictims ?? false,
      lastVoiceOn: voice.get(c.caseId)?.lastVoiceOn ?? null,
    };
    const reasons = suggestionReasons(facts, ctx, formatDate);
    if (reasons.length) out.push({ caseId: c.caseId, reference: c.reference, reasons });
  }
  return out;
}
