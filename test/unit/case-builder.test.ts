import { describe, expect, it } from 'vitest';
import {
  caseRows,
  CORE_TABLE_ORDER,
  countCaseRows,
  mergeCaseRows,
  type CaseSpec,
} from '../../src/demo/case-builder.js';

const USER = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';
const SITE = '00000000-0000-4000-8000-0000000000aa';
const AGENCY = '00000000-0000-4000-8000-0000000000bb';
const created = new Date('2025-01-10T09:00:00Z');
const later = new Date('2025-02-01T10:00:00Z');

function spec(overrides: Partial<CaseSpec> = {}): CaseSpec {
  return {
    siteId: SITE,
    reference: 'TST-000001',
    createdBy: USER,
    createdAt: created,
    subject: { given: 'Sam', family: 'Subject', dateOfBirth: '1980-05-17' },
    investigationStatus: 'charged',
    referral: {
      agencyId: AGENCY,
      referrerName: 'Pat Referrer',
      reason: 'Unwanted contact',
      consent: 'given',
    },
    offences: [{ code: 'pha_s2a', description: 'Stalking' }],
    victims: [{ person: { given: 'Vic', family: 'Victim' }, relationship: 'ex_intimate' }],
    statusEvents: [{ to: 'referred', reason: 'Referral received' }],
    team: [USER],
    ...overrides,
  };
}

describe('caseRows', () => {
  it('makes one row per table for a plain referred case, every foreign key pointing inside it', () => {
    const rows = caseRows(spec());
    expect(rows.person).toHaveLength(2);
    expect(rows.cases).toHaveLength(1);
    const c = rows.cases[0]!;
    expect(c.subject_id).toBe(rows.person[0]!.id);
    expect(rows.case_victim[0]!.victim_id).toBe(rows.person[1]!.id);
    for (const table of [
      'referral',
      'case_offence',
      'case_victim',
      'case_team',
      'case_status_event',
    ] as const)
      for (const row of rows[table]) expect(row.case_id).toBe(c.id);
    expect(c).toMatchObject({
      status: 'referred',
      accepted_mode: null,
      created_at: created,
      updated_at: created,
      created_by: USER,
    });
    expect(rows.referral[0]).toMatchObject({
      referrer_user_id: USER,
      consent_notes: '',
      is_adult: true,
      lives_in_area: true,
      created_at: created,
    });
    expect(rows.case_status_event[0]).toMatchObject({ from_status: null, by_user: USER, at: created });
    expect(rows.case_team[0]).toEqual({ case_id: c.id, user_id: USER, added_by: USER, added_at: created });
    expect(countCaseRows(rows)).toBe(8);
  });

  it('derives the status, accepted mode and last update from the status history', () => {
    const rows = caseRows(
      spec({
        statusEvents: [
          { to: 'referred', reason: 'Referral received' },
          { to: 'screening', reason: 'Screening', by: OTHER, at: later },
          { to: 'accepted', acceptedMode: 'intervention', reason: 'Accepted', by: OTHER },
          { to: 'active', reason: 'Active', by: OTHER, at: new Date(later.getTime() + 86_400_000) },
        ],
      }),
    );
    const events = rows.case_status_event;
    expect(events.map((e) => [e.from_status, e.to_status])).toEqual([
      [null, 'referred'],
      ['referred', 'screening'],
      ['screening', 'accepted'],
      ['accepted', 'active'],
    ]);
    expect(events[2]!.at).toEqual(later);
    expect(rows.cases[0]).toMatchObject({
      status: 'active',
      accepted_mode: 'intervention',
      updated_at: new Date(later.getTime() + 86_400_000),
    });
    // a declined case keeps no mode even if one was given on the way
    const declined = caseRows(
      spec({
        statusEvents: [
          { to: 'referred', reason: 'r' },
          { to: 'accepted', acceptedMode: 'consultation', reason: 'a' },
          { to: 'declined', reason: 'd' },
        ],
      }),
    );
    expect(declined.cases[0]!.accepted_mode).toBeNull();
  });

  it('takes explicit ids, status, mode and an existing person, and makes no row for that person', () => {
    const rows = caseRows(
      spec({
        id: '00000000-0000-4000-8000-00000000c0de',
        status: 'active',
        acceptedMode: 'consultation',
        subject: { existing: '00000000-0000-4000-8000-00000000beef' },
        victims: [
          { id: '00000000-0000-4000-8000-0000000000cc', person: { existing: OTHER }, relationship: 'work' },
        ],
        statusEvents: [
          { to: 'referred', reason: 'r' },
          { from: 'referred', to: 'active', reason: 'x' },
          { from: 'referred', to: 'active', reason: 'y' },
        ],
      }),
    );
    expect(rows.person).toEqual([]);
    expect(rows.cases[0]).toMatchObject({
      id: '00000000-0000-4000-8000-00000000c0de',
      subject_id: '00000000-0000-4000-8000-00000000beef',
      status: 'active',
      accepted_mode: 'consultation',
    });
    expect(rows.case_victim[0]).toMatchObject({
      id: '00000000-0000-4000-8000-0000000000cc',
      victim_id: OTHER,
    });
    expect(rows.case_status_event.map((e) => e.from_status)).toEqual([null, 'referred', 'referred']);
  });

  it('merges cases table by table, in insert order', () => {
    const a = caseRows(spec());
    const b = caseRows(spec({ reference: 'TST-000002', team: [USER, OTHER] }));
    const merged = mergeCaseRows([a, b]);
    expect(merged.cases.map((c) => c.reference)).toEqual(['TST-000001', 'TST-000002']);
    expect(merged.case_team).toHaveLength(3);
    expect(countCaseRows(merged)).toBe(countCaseRows(a) + countCaseRows(b));
    expect(CORE_TABLE_ORDER.indexOf('person')).toBeLessThan(CORE_TABLE_ORDER.indexOf('cases'));
    expect(CORE_TABLE_ORDER.indexOf('cases')).toBeLessThan(CORE_TABLE_ORDER.indexOf('case_victim'));
  });
});
