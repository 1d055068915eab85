import { describe, expect, it } from 'vitest';
import { passwordProblem } from '../../src/platform/auth/passwords.js';
import { DEMO_PASSWORD } from '../../src/demo/seed.js';
import { TEST_PASSWORD } from '../support/fixtures.js';

describe('password policy (NCSC: length and a deny-list, no composition rules)', () => {
  it.each([
    'password1234',
    'Password1234',
    'P@ssw0rd12345',
    'qwertyuiop12',
    'letmein12345',
    'iloveyou2024',
    '123456789012',
    'aaaaaaaaaaaa',
    'abcdefghijkl',
  ])('refuses the common or easily guessed %s', (password) => {
    expect(passwordProblem(password)).toMatch(/too easy to guess/);
  });

  it('refuses anything shorter than 12 characters, or longer than 256', () => {
    expect(passwordProblem('Xq7#vL2!pR9')).toMatch(/12 characters or more/);
    expect(passwordProblem('x'.repeat(257))).toMatch(/256 characters or fewer/);
  });

  it('accepts long passwords of random words, with no rules about symbols or capitals', () => {
    for (const password of ['harbour violet kettle ninety', 'lantern orbit meadow seventeen', TEST_PASSWORD])
      expect(passwordProblem(password)).toBeNull();
  });

  it('the demo password passes the policy, so the printed demo accounts still sign in', () => {
    expect(passwordProblem(DEMO_PASSWORD)).toBeNull();
  });
});
