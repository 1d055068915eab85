import type { PdfBlock, PdfDocumentSpec } from '../../platform/pdf/index.js';
import { formatDate, formatDateTime } from '../../platform/views/format.js';
import { ACTION_STATUS_LABELS } from '../actions/public.js';
import {
  AGENCY_KIND_LABELS,
  ATTENDANCE_LABELS,
  DECISION_LABELS,
  RISK_LABELS,
  STATUS_LABELS,
  type Decision,
} from './rules.js';
import type { MeetingPack } from './service.js';

/**
 * The meeting pack and minutes as a PDF document (issue 15, item 6): the meeting, its attendance
 * and quoracy, and for each case item the reader may see (the pack is already filtered by
 * row-level security) the reason it is on the agenda, the minutes (discussion, the victim's voice
 * brought, the agreed risk, the decision), the addenda and the actions. Before the meeting it is
 * the pack: the items without minutes yet. No clinical or victim-contact detail is part of a pack.
 */
export function meetingPackPdf(pack: MeetingPack, reader: { name: string; at: Date }): PdfDocumentSpec {
  const m = pack.meeting;
  const approved = m.status === 'minutes_approved';
  const title = `${approved ? 'Minutes' : 'Meeting pack'}: ${m.siteName} multi-agency meeting, ${formatDate(m.startsAt)}`;
  const blocks: PdfBlock[] = [
    { kind: 'heading', level: 1, text: title },
    {
      kind: 'summaryList',
      rows: [
        { key: 'When', value: formatDateTime(m.startsAt) },
        { key: 'Where', value: m.location || 'Not recorded' },
        { key: 'Chair', value: m.chair },
        { key: 'Minutes by', value: m.minuteTaker ?? 'Not recorded' },
        { key: 'Status', value: STATUS_LABELS[m.status] },
        ...(approved && m.approvedAt
          ? [{ key: 'Minutes approved', value: formatDateTime(m.approvedAt) }]
          : []),
        ...(pack.attendanceRecorded
          ? [
              {
                key: 'Quorate',
                value: pack.quorum.quorate
                  ? 'Yes'
                  : `No: ${pack.quorum.missing.map((k) => AGENCY_KIND_LABELS[k]).join(', ')} not present`,
              },
            ]
          : []),
      ],
    },
    {
      kind: 'paragraph',
      secondary: true,
      text: 'This copy holds only the cases its reader may see. Do not copy it or pass it on; destroy it after the meeting.',
    },
  ];
  if (pack.participants.length)
    blocks.push({
      kind: 'table',
      caption: 'Invited and attendance',
      head: ['Name', 'Agency', 'Attendance'],
      rows: pack.participants.map((p) => [
        p.name,
        p.agency ?? 'Not recorded',
        p.attendance
          ? `${ATTENDANCE_LABELS[p.attendance]}${p.attendance === 'deputy' && p.deputy ? `: ${p.deputy}` : ''}`
          : 'Not recorded',
      ]),
      widths: [3, 3, 2],
    });
  blocks.push({ kind: 'heading', level: 2, text: `Cases (${pack.items.length})` });
  if (!pack.items.length)
    blocks.push({ kind: 'paragraph', text: 'No cases on the agenda that you may see.' });
  for (const [n, item] of pack.items.entries()) {
    blocks.push(
      { kind: 'heading', level: 3, text: `${n + 1}. Case ${item.reference}` },
      {
        kind: 'summaryList',
        rows: [
          ...(item.withdrawn
            ? [
                {
                  key: 'Withdrawn',
                  value: `As entered in error, ${formatDateTime(item.withdrawn.at)} by ${item.withdrawn.by}: ${item.withdrawn.reason}`,
                },
              ]
            : []),
          { key: 'On the agenda because', value: item.reason || 'Added by the coordinator' },
          { key: 'Discussion', value: item.discussion || 'Not recorded yet' },
          {
            key: 'Victim’s voice',
            value: item.voice
              ? `${formatDate(item.voice.recordedOn)}: ${item.voice.body}`
              : item.voiceReason || 'Not recorded yet',
          },
          {
            key: 'Agreed risk',
            value: item.agreedRisk
              ? `${RISK_LABELS[item.agreedRisk as keyof typeof RISK_LABELS] ?? item.agreedRisk}${item.riskRationale ? `: ${item.riskRationale}` : ''}`
              : 'Not recorded yet',
          },
          {
            key: 'Decision',
            value: item.decision ? DECISION_LABELS[item.decision as Decision] : 'Not recorded yet',
          },
        ],
      },
    );
    if (item.actions.length)
      blocks.push({
        kind: 'table',
        caption: `Actions on case ${item.reference}`,
        head: ['Action', 'Owner', 'Due', 'Status'],
        rows: item.actions.map((a) => [
          a.description,
          a.owner,
          formatDate(a.dueOn),
          a.withdrawn ? 'Withdrawn (entered in error)' : ACTION_STATUS_LABELS[a.status],
        ]),
        widths: [5, 3, 2, 2],
      });
    for (const a of item.addenda)
      blocks.push({ kind: 'paragraph', text: `Addendum, ${formatDateTime(a.at)} by ${a.by}: ${a.body}` });
  }
  return {
    title,
    subject: `Multi-agency meeting at ${m.siteName}`,
    downloadedBy: reader.name,
    downloadedAt: reader.at,
    blocks,
  };
}
