import { describe, expect, it } from 'vitest';
import {
  isVoiceCurrent,
  staleVictims,
  voiceDecisionProblem,
  VOICE_REASON_REQUIRED,
} from '../../src/modules/voice/freshness.js';

describe('is the victim’s voice up to date', () => {
  it('is current on the day it is recorded and up to the last day of the period', () => {
    expect(isVoiceCurrent('2026-03-04', '2026-03-04', 28)).toBe(true);
    expect(isVoiceCurrent('2026-02-04', '2026-03-04', 28)).toBe(true);
  });
  it('is not current the day after the period ends, nor when nothing is recorded', () => {
    expect(isVoiceCurrent('2026-02-03', '2026-03-04', 28)).toBe(false);
    expect(isVoiceCurrent(null, '2026-03-04', 28)).toBe(false);
  });
  it('follows the site’s own period', () => {
    expect(isVoiceCurrent('2026-02-25', '2026-03-04', 7)).toBe(true);
    expect(isVoiceCurrent('2026-02-24', '2026-03-04', 7)).toBe(false);
  });
});

describe('a case decision and the victim’s voice', () => {
  const current = { caseVictimId: 'a', isCurrent: true };
  const stale = { caseVictimId: 'b', isCurrent: false };

  it('asks nothing of a case with no victims', () => {
    expect(voiceDecisionProblem([], '')).toBeNull();
  });
  it('asks nothing when every victim’s voice is up to date', () => {
    expect(voiceDecisionProblem([current], '')).toBeNull();
  });
  it('refuses a decision without a reason when any victim’s voice is not up to date', () => {
    expect(voiceDecisionProblem([current, stale], '')).toBe(VOICE_REASON_REQUIRED);
    expect(voiceDecisionProblem([stale], '   ')).toBe(VOICE_REASON_REQUIRED);
  });
  it('accepts it with the reason recorded', () => {
    expect(voiceDecisionProblem([stale], 'The victim could not be reached this month')).toBeNull();
  });
  it('names the victims whose voice is not up to date', () => {
    expect(staleVictims([current, stale])).toEqual(['b']);
  });
});
