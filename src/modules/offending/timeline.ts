import { canRead } from '../../platform/access/case-access.js';
import type { TimelineEvent, TimelineSource } from '../../platform/manifest.js';
import { longDateOf } from '../../platform/time.js';
import { listCharges, listNewOffences } from './repository.js';
import {
  CLASSIFICATION_TEXT,
  EVENT_TEXT,
  OUTCOME_TEXT,
  SENTENCE_TEXT,
  SOURCE_TEXT,
  type Classification,
  type SentenceKind,
} from './schemas.js';

/** A calendar date as a moment on the timeline: midday UTC, so it sorts within its own UK day. */
export const dateAt = (d: string): Date => new Date(`${d}T12:00:00Z`);

const months = (n: number) => `${n} ${n === 1 ? 'month' : 'months'}`;

/** Charges and their court outcomes on the case timeline, each at its own date. */
export const courtEvents: TimelineSource = {
  type: 'court',
  label: 'Charges and court outcomes',
  order: 3,
  visible: (a) => canRead(a, 'core'),
  async load(tx, caseId) {
    const charges = await listCharges(tx, caseId);
    const events: TimelineEvent[] = [];
    for (const c of charges) {
      const kind = CLASSIFICATION_TEXT[c.classification as Classification];
      events.push({
        type: 'court',
        id: c.id,
        at: dateAt(c.charged_on),
        title: `Charged: ${kind}`,
        by: c.recorded_by,
        when: longDateOf(c.charged_on),
        lines: [c.wording, ...(c.court ? [c.court] : [])],
        href: `/cases/${caseId}/charges`,
      });
      for (const o of c.outcomes) {
        const sentence = o.sentence_kind
          ? `Sentence: ${SENTENCE_TEXT[o.sentence_kind as SentenceKind]}${o.sentence_months ? `, ${months(o.sentence_months)}` : ''}`
          : null;
        events.push({
          type: 'court',
          id: o.id,
          at: dateAt(o.outcome_on),
          title: `Court outcome: ${OUTCOME_TEXT[o.outcome as keyof typeof OUTCOME_TEXT]}`,
          by: o.recorded_by,
          when: longDateOf(o.outcome_on),
          lines: [`${c.wording} (${kind})`, ...(sentence ? [sentence] : []), ...(o.notes ? [o.notes] : [])],
          href: `/cases/${caseId}/court-outcomes`,
        });
      }
    }
    return events;
  },
};

/** New offending after referral on the case timeline, at the date of the offence. */
export const newOffenceEvents: TimelineSource = {
  type: 'new_offence',
  label: 'New offending',
  order: 4,
  visible: (a) => canRead(a, 'core'),
  async load(tx, caseId) {
    const rows = await listNewOffences(tx, caseId);
    return rows.map((o) => ({
      type: 'new_offence',
      id: o.id,
      at: dateAt(o.offence_on),
      title: `New offending: ${EVENT_TEXT[o.event_kind as keyof typeof EVENT_TEXT].toLowerCase()} for ${CLASSIFICATION_TEXT[o.classification as Classification].replace(/^./, (ch) => ch.toLowerCase())}`,
      by: o.recorded_by,
      when: longDateOf(o.offence_on),
      lines: [
        `Became known ${longDateOf(o.known_on)}, from ${SOURCE_TEXT[o.source_agency as keyof typeof SOURCE_TEXT].toLowerCase()}`,
        ...(o.details ? [o.details] : []),
      ],
      href: `/cases/${caseId}/new-offending`,
    }));
  },
};
