import { canRead } from '../../platform/access/case-access.js';
import type { TimelineSource } from '../../platform/manifest.js';
import * as repo from './repository.js';
import { UNPLANNED_REASONS, type UnplannedReason } from './rules.js';

const inRange = (at: Date, range: { from?: Date | undefined; to?: Date | undefined }) =>
  (!range.from || at >= range.from) && (!range.to || at <= range.to);

/** Plan reviews on the timeline: goals and components are core; no clinical rationale. */
export const planEvents: TimelineSource = {
  type: 'intervention_plan',
  label: 'Intervention plan',
  order: 40,
  visible: (a) => canRead(a, 'core'),
  async load(tx, caseId, range) {
    const rows = await repo.planVersions(tx, caseId);
    return rows
      .filter((p) => inRange(p.created_at, range))
      .map((p) => ({
        type: 'intervention_plan',
        id: p.id,
        at: p.created_at,
        title:
          p.version === 1 ? 'Intervention plan written' : `Intervention plan reviewed (version ${p.version})`,
        by: p.author,
        when: null,
        lines: [
          `${p.goals.length} goal${p.goals.length === 1 ? '' : 's'}, ${p.components.length} planned component${p.components.length === 1 ? '' : 's'}`,
        ],
        href: `/cases/${caseId}/intervention-plan`,
      }));
  },
};

/** The discharge on the timeline: the decision (core); never the discharge summary. */
export const dischargeEvents: TimelineSource = {
  type: 'discharge',
  label: 'Discharge',
  order: 41,
  visible: (a) => canRead(a, 'core'),
  async load(tx, caseId, range) {
    const d = await repo.dischargeOf(tx, caseId);
    if (!d) return [];
    const at = new Date(`${d.discharged_on}T12:00:00Z`);
    if (!inRange(at, range)) return [];
    return [
      {
        type: 'discharge',
        id: d.id,
        at,
        title:
          d.kind === 'planned'
            ? 'Discharged from the intervention (planned)'
            : `Discharged from the intervention (unplanned: ${UNPLANNED_REASONS[d.unplanned_reason as UnplannedReason]?.toLowerCase() ?? 'other'})`,
        by: d.recorded_by,
        when: null,
        lines: [`Letter to ${d.letter_to}`],
        href: `/cases/${caseId}/discharge`,
      },
    ];
  },
};
