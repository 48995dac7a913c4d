import { DEFAULT_POLICY, currentStep, decide, requiredApprovals, type ApprovalFacts } from '../../services/quote/src/domain/approval-policy.ts';
import { DomainError } from '../../shared/errors.ts';

const facts = (over: Partial<ApprovalFacts> = {}): ApprovalFacts => ({
  maxDiscountPercent: '0',
  marginPercent: null,
  grossBase: '1000.00',
  creditLimit: null,
  openExposureBase: '0',
  ...over,
});
const levels = (f: ApprovalFacts) => requiredApprovals(DEFAULT_POLICY, f).map((s) => [s.level, s.role, s.reasons.length]);

describe('approval policy', () => {
  it.each([
    ['nothing special', facts(), []],
    ['discount exactly at the limit', facts({ maxDiscountPercent: '10' }), []],
    ['discount above the limit', facts({ maxDiscountPercent: '10.01' }), [[1, 'sales_manager', 1]]],
    ['margin below the floor', facts({ marginPercent: '14.99' }), [[1, 'sales_manager', 1]]],
    ['no cost prices: margin unknown, no rule', facts({ marginPercent: null }), []],
    ['total above 250,000 EUR', facts({ grossBase: '250000.01' }), [[2, 'director', 1]]],
    ['total exactly 250,000 EUR', facts({ grossBase: '250000.00' }), []],
    ['credit limit exceeded with open receivables', facts({ creditLimit: '5000', openExposureBase: '4500', grossBase: '600' }), [[1, 'sales_manager', 1]]],
    ['credit limit just met', facts({ creditLimit: '5000', openExposureBase: '4400', grossBase: '600' }), []],
    [
      'discount and margin at level 1, total at level 2',
      facts({ maxDiscountPercent: '20', marginPercent: '5', grossBase: '300000' }),
      [
        [1, 'sales_manager', 2],
        [2, 'director', 1],
      ],
    ],
  ])('%s', (_name, f, expected) => {
    expect(levels(f)).toEqual(expected);
  });

  const steps = () => requiredApprovals(DEFAULT_POLICY, facts({ maxDiscountPercent: '20', grossBase: '300000' }));
  const manager = { id: 'bernd', role: 'sales_manager' };
  const director = { id: 'clara', role: 'director' };

  it('moves level by level to approved', () => {
    const first = decide(steps(), 1, 'approve', manager, 'anna', '2026-01-01T10:00:00Z');
    expect(first.outcome).toBe('next_level');
    expect(currentStep(first.steps)?.level).toBe(2);
    const second = decide(first.steps, 2, 'approve', director, 'anna', '2026-01-01T11:00:00Z');
    expect(second.outcome).toBe('approved');
    expect(second.steps.map((s) => [s.status, s.decidedBy])).toEqual([
      ['approved', 'bernd'],
      ['approved', 'clara'],
    ]);
  });

  it.each([
    ['the author', { id: 'anna', role: 'sales_manager' }, 1, 'approve', undefined, 403],
    ['another role', director, 1, 'approve', undefined, 403],
    ['the wrong level', manager, 2, 'approve', undefined, 409],
    ['a rejection without reason', manager, 1, 'reject', '  ', 422],
  ] as const)('refuses %s', (_name, actor, level, decision, reason, status) => {
    try {
      decide(steps(), level, decision, actor, 'anna', '2026-01-01T10:00:00Z', reason);
      throw new Error('expected a refusal');
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).status).toBe(status);
    }
  });

  it('lets an admin stand in, and a rejection ends the round', () => {
    expect(decide(steps(), 1, 'approve', { id: 'root', role: 'admin' }, 'anna', 't').outcome).toBe('next_level');
    expect(decide(steps(), 1, 'reject', manager, 'anna', 't', 'zu hoch').outcome).toBe('rejected');
  });
});
