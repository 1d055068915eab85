import { canRead, type CaseAccess } from '../../platform/access/case-access.js';
import type { Tx } from '../../platform/db/request-tx.js';
import { labels } from '../../platform/views/labels.js';
import { describeWhen } from '../incidents/format.js';
import { listIncidents } from '../incidents/repository.js';
import { BEHAVIOUR_LABELS, REPORTER_LABELS } from '../incidents/schemas.js';

/**
 * One chronological view of a case: every source adds its dated events, each source only if the
 * user may read its compartment, and the lists are merged newest first (the MoJ timeline order).
 * Breaches and meetings have no records yet; when they do, each is one more entry in SOURCES.
 */

export const EVENT_TYPES = ['incident', 'status', 'assessment', 'breach', 'meeting'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const EVENT_TYPE_LABELS: Record<EventType, string> = {
  incident: 'Incidents',
  status: 'Status changes',
  assessment: 'Risk assessments',
  breach: 'Breaches',
  meeting: 'Meetings',
};

export type TimelineEvent = {
  type: EventType;
  id: string;
  at: Date;
  title: string;
  /** who recorded it */
  by: string | null;
  /** the date as the event gives it, when it is more than a moment ("Between … and …") */
  when: string | null;
  lines: string[];
  href: string | null;
};

export type DateRange = { from?: Date | undefined; to?: Date | undefined };

export type TimelineSource = {
  type: EventType;
  /** whether this user may see this source at all */
  visible(access: CaseAccess): boolean;
  load(tx: Tx, caseId: string, range: DateRange): Promise<TimelineEvent[]>;
};

const inRange = (at: Date, r: DateRange) =>
  (!r.from || at.getTime() >= r.from.getTime()) && (!r.to || at.getTime() <= r.to.getTime());

const incidents: TimelineSource = {
  type: 'incident',
  visible: (a) => canRead(a, 'core'),
  async load(tx, caseId, range) {
    const rows = await listIncidents(tx, caseId, range);
    return rows.map((i) => ({
      type: 'incident' as const,
      id: i.id,
      at: i.occurredFrom,
      title: `Incident: ${i.behaviours.map((b) => BEHAVIOUR_LABELS[b]).join('; ')}`,
      by: i.createdBy,
      when: describeWhen(i),
      lines: [
        `Reported by ${REPORTER_LABELS[i.reportedBy].toLowerCase()}${i.victimName ? `; victim: ${i.victimName}` : ''}`,
        i.description,
        ...(i.evidenceCount ? [`${i.evidenceCount} evidence file${i.evidenceCount === 1 ? '' : 's'}`] : []),
      ],
      href: `/cases/${caseId}/incidents/${i.id}`,
    }));
  },
};

const statusChanges: TimelineSource = {
  type: 'status',
  visible: (a) => canRead(a, 'core'),
  async load(tx, caseId, range) {
    let q = tx
      .selectFrom('case_status_event as e')
      .innerJoin('app_user as u', 'u.id', 'e.by_user')
      .select([
        'e.id',
        'e.from_status',
        'e.to_status',
        'e.accepted_mode',
        'e.reason',
        'e.at',
        'u.display_name',
      ])
      .where('e.case_id', '=', caseId);
    if (range.from) q = q.where('e.at', '>=', range.from);
    if (range.to) q = q.where('e.at', '<=', range.to);
    const rows = await q.execute();
    const status = labels.status as Record<string, string>;
    const mode = labels.mode as Record<string, string>;
    return rows.map((r) => ({
      type: 'status' as const,
      id: r.id,
      at: r.at,
      title: r.from_status
        ? `Status changed to ${status[r.to_status] ?? r.to_status}`
        : `Case opened as ${status[r.to_status] ?? r.to_status}`,
      by: r.display_name,
      when: null,
      lines: [
        ...(r.from_status ? [`From ${(status[r.from_status] ?? r.from_status).toLowerCase()}`] : []),
        ...(r.accepted_mode ? [mode[r.accepted_mode] ?? r.accepted_mode] : []),
        ...(r.reason ? [r.reason] : []),
      ],
      href: null,
    }));
  },
};

const BAND: Record<string, string> = { low: 'Low', moderate: 'Moderate', high: 'High' };

const assessments: TimelineSource = {
  type: 'assessment',
  visible: (a) => canRead(a, 'risk'),
  async load(tx, caseId, range) {
    let q = tx
      .selectFrom('risk_assessment as a')
      .innerJoin('instrument_version as v', 'v.id', 'a.instrument_version_id')
      .innerJoin('instrument as i', 'i.id', 'v.instrument_id')
      .leftJoin('app_user as u', 'u.id', 'a.completed_by')
      .select(['a.id', 'a.completed_at', 'a.computed_band', 'a.override_band', 'i.name', 'u.display_name'])
      .where('a.case_id', '=', caseId)
      .where('a.status', '=', 'completed')
      .where('a.completed_at', 'is not', null);
    if (range.from) q = q.where('a.completed_at', '>=', range.from);
    if (range.to) q = q.where('a.completed_at', '<=', range.to);
    const rows = await q.execute();
    return rows.map((r) => {
      const band = r.override_band ?? r.computed_band;
      return {
        type: 'assessment' as const,
        id: r.id,
        at: r.completed_at as Date,
        title: `Risk assessment completed: ${r.name}`,
        by: r.display_name,
        when: null,
        lines: band
          ? [
              `Risk: ${BAND[band] ?? band}${r.override_band && r.override_band !== r.computed_band ? ' (professional judgement)' : ''}`,
            ]
          : [],
        href: `/cases/${caseId}/risk`,
      };
    });
  },
};

/** Every source, in no particular order; breaches and meetings join here when they are recorded. */
export const SOURCES: TimelineSource[] = [incidents, statusChanges, assessments];

/** Merges event lists newest first; ties keep the order of EVENT_TYPES, then id, so it is stable. */
export function mergeTimeline(lists: TimelineEvent[][]): TimelineEvent[] {
  return lists
    .flat()
    .sort(
      (a, b) =>
        b.at.getTime() - a.at.getTime() ||
        EVENT_TYPES.indexOf(a.type) - EVENT_TYPES.indexOf(b.type) ||
        a.id.localeCompare(b.id),
    );
}

/** The case's timeline for this user: the chosen types (all when none), within the range. */
export async function buildTimeline(
  tx: Tx,
  access: CaseAccess,
  caseId: string,
  filter: { types: EventType[]; range: DateRange },
  sources: TimelineSource[] = SOURCES,
): Promise<{ events: TimelineEvent[]; availableTypes: EventType[] }> {
  const visible = sources.filter((s) => s.visible(access));
  const chosen = visible.filter((s) => !filter.types.length || filter.types.includes(s.type));
  // one after another: one transaction, one connection
  const lists: TimelineEvent[][] = [];
  for (const s of chosen) {
    const events = await s.load(tx, caseId, filter.range);
    // incidents are filtered by overlap with the range (when they happened); others by moment
    lists.push(s.type === 'incident' ? events : events.filter((e) => inRange(e.at, filter.range)));
  }
  return { events: mergeTimeline(lists), availableTypes: visible.map((s) => s.type) };
}
