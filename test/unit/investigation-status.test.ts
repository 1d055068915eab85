import { describe, expect, it } from 'vitest';
import {
  INVESTIGATION_STATUSES,
  investigationChangeProblems,
  NEXT_INVESTIGATION_STATUSES,
  type InvestigationChange,
} from '../../src/modules/investigation/rules.js';
import { statusChoices, transitionProblem } from '../../src/modules/cases/rules.js';

const change = (c: Partial<InvestigationChange>): InvestigationChange => ({
  from: 'under_investigation',
  to: 'charged',
  effectiveOn: '2026-03-10',
  referredOn: '2026-03-01',
  latestEffectiveOn: null,
  ...c,
});

describe('changes in the police investigation', () => {
  it('allows the changes in the table and refuses every other pair, naming the field', () => {
    for (const from of INVESTIGATION_STATUSES) {
      for (const to of INVESTIGATION_STATUSES) {
        const problems = investigationChangeProblems(change({ from, to }));
        const allowed = NEXT_INVESTIGATION_STATUSES[from].includes(to);
        expect(problems.length === 0, `${from} → ${to}`).toBe(allowed);
        if (!allowed) expect(problems.map((p) => p.field)).toEqual(['to']);
      }
    }
  });

  it('says the status is unchanged rather than "cannot change" when it is the same', () => {
    expect(investigationChangeProblems(change({ from: 'charged', to: 'charged' }))[0]!.message).toBe(
      'The investigation status is already “Charged”',
    );
  });

  it('refuses a date before the referral, or before the last recorded change', () => {
    expect(investigationChangeProblems(change({ effectiveOn: '2026-02-28' }))).toEqual([
      {
        field: 'effectiveOn',
        message: 'The date the change took effect must be on or after the date the case was referred',
      },
    ]);
    expect(investigationChangeProblems(change({ latestEffectiveOn: '2026-03-11' }))[0]?.message).toContain(
      'on or after the date of the last recorded change',
    );
    // the same day as the referral or the last change is fine
    expect(
      investigationChangeProblems(change({ effectiveOn: '2026-03-01', latestEffectiveOn: '2026-03-01' })),
    ).toEqual([]);
  });
});

describe('moving a consultation case to direct intervention', () => {
  const move = { from: 'active', to: 'active', mode: 'intervention', currentMode: 'consultation' } as const;

  it('is allowed once the person is no longer under investigation', () => {
    for (const investigationStatus of ['charged', 'convicted', 'no_further_action'] as const) {
      expect(transitionProblem({ ...move, investigationStatus })).toBeNull();
      expect(
        transitionProblem({ ...move, from: 'accepted', to: 'accepted', investigationStatus }),
      ).toBeNull();
    }
  });

  it('is refused while under investigation, or when the case is already intervention', () => {
    expect(transitionProblem({ ...move, investigationStatus: 'under_investigation' })).toContain(
      'under police investigation',
    );
    expect(transitionProblem({ ...move, currentMode: 'intervention', investigationStatus: 'charged' })).toBe(
      'The case is already accepted for direct intervention',
    );
  });

  it('is not a move for other statuses: a closed case stays closed', () => {
    expect(transitionProblem({ ...move, from: 'closed', to: 'closed', investigationStatus: 'charged' })).toBe(
      'A case that is closed cannot be moved to closed',
    );
  });

  it('is offered to the coordinator only, and disabled while under investigation', () => {
    const offered = (mayChangeMode: boolean, investigation: 'charged' | 'under_investigation') =>
      statusChoices('active', investigation, { currentMode: 'consultation', mayChangeMode }).find(
        (c) => c.value === 'active:intervention',
      );
    expect(offered(false, 'charged')).toBeUndefined();
    expect(offered(true, 'charged')).toMatchObject({ to: 'active', mode: 'intervention' });
    expect(offered(true, 'under_investigation')?.disabledReason).toBe(
      'Not while the person is under police investigation',
    );
    expect(
      statusChoices('active', 'charged', { currentMode: 'intervention', mayChangeMode: true }).map(
        (c) => c.value,
      ),
    ).toEqual(['closed']);
  });
});
