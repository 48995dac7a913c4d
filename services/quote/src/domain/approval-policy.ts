import { Decimal } from 'decimal.js';
import { ConflictError, DomainError, ValidationError } from '../../../../shared/errors.ts';

/**
 * Which approvals a quote needs. A policy is a list of rules; each rule names
 * the approving role, its level (approvals run level by level) and a
 * condition. All rules whose condition holds apply; rules of one level merge.
 */
export interface ApprovalRule {
  level: number;
  role: string;
  when: {
    /** Highest line or document discount above this percent. */
    discountPercentAbove?: string;
    /** Margin over cost below this percent of net (only lines with a cost price count). */
    marginPercentBelow?: string;
    /** Gross total in base currency above this amount. */
    totalBaseAbove?: string;
    /** Customer's open exposure plus this quote above the customer's credit limit. */
    exceedsCreditLimit?: boolean;
  };
}

export interface ApprovalPolicy {
  rules: ApprovalRule[];
}

/** What the policy looks at, computed from the priced quote. */
export interface ApprovalFacts {
  maxDiscountPercent: string;
  /** Null when no line has a cost price. */
  marginPercent: string | null;
  grossBase: string;
  /** Null when the customer has no credit limit. */
  creditLimit: string | null;
  openExposureBase: string;
}

export type ApprovalStatus = 'pending' | 'approved' | 'rejected';

/** Why a rule fired: the rule's condition, its threshold from the policy and the quote's own figure. */
export interface ApprovalFinding {
  rule: 'discountPercentAbove' | 'marginPercentBelow' | 'totalBaseAbove' | 'exceedsCreditLimit';
  /** The policy's number: percent, or EUR for totals and the credit limit. */
  threshold: string;
  /** The quote's number it was compared with: highest discount, margin, gross in EUR, exposure with this quote in EUR. */
  actual: string;
}

export interface ApprovalStep {
  level: number;
  role: string;
  reasons: string[];
  /** One per reason, in the same order (absent on steps computed before findings were kept). */
  findings?: ApprovalFinding[];
  status: ApprovalStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  comment: string | null;
}

export const DEFAULT_POLICY: ApprovalPolicy = {
  rules: [
    { level: 1, role: 'sales_manager', when: { discountPercentAbove: '10' } },
    { level: 1, role: 'sales_manager', when: { marginPercentBelow: '15' } },
    { level: 1, role: 'sales_manager', when: { exceedsCreditLimit: true } },
    { level: 2, role: 'director', when: { totalBaseAbove: '250000' } },
  ],
};

/** The approval steps a quote needs, one per level in ascending order; empty when none. */
export function requiredApprovals(policy: ApprovalPolicy, facts: ApprovalFacts): ApprovalStep[] {
  const byLevel = new Map<number, { role: string; reasons: string[]; findings: ApprovalFinding[] }>();
  for (const rule of policy.rules) {
    const found = matches(rule, facts);
    if (!found) continue;
    const step = byLevel.get(rule.level) ?? { role: rule.role, reasons: [], findings: [] };
    step.reasons.push(found.reason);
    step.findings.push(found.finding);
    byLevel.set(rule.level, step);
  }
  return [...byLevel.entries()]
    .sort(([a], [b]) => a - b)
    .map(([level, s]) => ({
      level,
      role: s.role,
      reasons: s.reasons,
      findings: s.findings,
      status: 'pending',
      decidedBy: null,
      decidedAt: null,
      comment: null,
    }));
}

function matches(rule: ApprovalRule, f: ApprovalFacts): { reason: string; finding: ApprovalFinding } | null {
  const w = rule.when;
  const hit = (kind: ApprovalFinding['rule'], threshold: string, actual: string, reason: string) => ({ reason, finding: { rule: kind, threshold, actual } });
  if (w.discountPercentAbove !== undefined && new Decimal(f.maxDiscountPercent).gt(w.discountPercentAbove)) {
    return hit('discountPercentAbove', w.discountPercentAbove, f.maxDiscountPercent, `discount ${f.maxDiscountPercent} % above ${w.discountPercentAbove} %`);
  }
  if (w.marginPercentBelow !== undefined && f.marginPercent !== null && new Decimal(f.marginPercent).lt(w.marginPercentBelow)) {
    return hit('marginPercentBelow', w.marginPercentBelow, f.marginPercent, `margin ${f.marginPercent} % below ${w.marginPercentBelow} %`);
  }
  if (w.totalBaseAbove !== undefined && new Decimal(f.grossBase).gt(w.totalBaseAbove)) {
    return hit('totalBaseAbove', w.totalBaseAbove, f.grossBase, `total ${f.grossBase} EUR above ${w.totalBaseAbove} EUR`);
  }
  if (w.exceedsCreditLimit && f.creditLimit !== null && new Decimal(f.openExposureBase).plus(f.grossBase).gt(f.creditLimit)) {
    const exposure = new Decimal(f.openExposureBase).plus(f.grossBase).toFixed(2);
    return hit('exceedsCreditLimit', f.creditLimit, exposure, `exposure ${exposure} EUR above credit limit ${f.creditLimit} EUR`);
  }
  return null;
}

/** The step waiting for a decision, or null when all are approved. */
export function currentStep(steps: ApprovalStep[]): ApprovalStep | null {
  return steps.find((s) => s.status === 'pending') ?? null;
}

/**
 * Applies one decision. Refuses the quote's own author and anyone without the
 * step's role (admins may stand in), so the rule holds whoever calls.
 */
export function decide(
  steps: ApprovalStep[],
  level: number,
  decision: 'approve' | 'reject',
  actor: { id: string; role: string },
  authorId: string,
  at: string,
  comment?: string,
): { steps: ApprovalStep[]; outcome: 'next_level' | 'approved' | 'rejected' } {
  const step = currentStep(steps);
  if (!step || step.level !== level) throw new ConflictError(`no approval pending at level ${level}`, 'no_pending_approval');
  const problem = approverProblem(step, actor, authorId);
  if (problem) throw new DomainError(403, 'not_an_approver', problem);
  if (decision === 'reject' && !comment?.trim())
    throw new ValidationError('a rejection needs a reason', [{ field: 'reason', message: 'required when rejecting' }]);
  const next = steps.map((s) =>
    s === step
      ? ({ ...s, status: decision === 'approve' ? 'approved' : 'rejected', decidedBy: actor.id, decidedAt: at, comment: comment ?? null } as ApprovalStep)
      : s,
  );
  if (decision === 'reject') return { steps: next, outcome: 'rejected' };
  return { steps: next, outcome: currentStep(next) ? 'next_level' : 'approved' };
}

export function approverProblem(step: ApprovalStep, actor: { id: string; role: string }, authorId: string): string | null {
  if (actor.id === authorId) return 'the author of a quote cannot approve it';
  if (actor.role !== step.role && actor.role !== 'admin') return `approval at level ${step.level} needs role ${step.role}, not ${actor.role}`;
  return null;
}
