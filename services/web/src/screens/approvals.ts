import { randomUUID } from 'node:crypto';
import type { Router } from 'express';
import { postAction } from '../actions.ts';
import { apiOk } from '../api.ts';
import { requireRole, tokenOf } from '../auth.ts';
import { addMessages } from '../i18n.ts';
import type { Screen } from '../screen.ts';

addMessages({
  de: {
    'nav.approvals': 'Freigaben',
    'approvals.title': 'Freigaben',
    'approvals.intro': 'Angebote, die auf Ihre Freigabe warten, mit der Regel, die sie ausgelöst hat.',
    'approvals.quote': 'Angebot',
    'approvals.customer': 'Kunde',
    'approvals.total': 'Summe',
    'approvals.author': 'Erstellt von',
    'approvals.since': 'Wartet seit',
    'approvals.level': 'Stufe {level}: {role}',
    'approvals.why': 'Warum',
    'approvals.decision': 'Entscheidung',
    'approvals.approve': 'Freigeben',
    'approvals.reject': 'Ablehnen',
    'approvals.reason': 'Begründung (bei Ablehnung Pflicht)',
    'approvals.approved': 'Angebot {number} freigegeben (Stufe {level}).',
    'approvals.rejected': 'Angebot {number} abgelehnt.',
    'approvals.none': 'Nichts wartet auf Ihre Freigabe.',
    'approvals.steps': 'Stufen',
    'rule.discountPercentAbove': 'Rabatt {actual} % über {threshold} %',
    'rule.marginPercentBelow': 'Marge {actual} % unter {threshold} %',
    'rule.totalBaseAbove': 'Summe {actual} EUR über {threshold} EUR',
    'rule.exceedsCreditLimit': 'Obligo {actual} EUR über dem Kreditlimit {threshold} EUR',
    'step.pending': 'offen',
    'step.approved': 'freigegeben',
    'step.rejected': 'abgelehnt',
  },
  en: {
    'nav.approvals': 'Approvals',
    'approvals.title': 'Approvals',
    'approvals.intro': 'Quotes waiting for your approval, with the rule that asked for it.',
    'approvals.quote': 'Quote',
    'approvals.customer': 'Customer',
    'approvals.total': 'Total',
    'approvals.author': 'Created by',
    'approvals.since': 'Waiting since',
    'approvals.level': 'Level {level}: {role}',
    'approvals.why': 'Why',
    'approvals.decision': 'Decision',
    'approvals.approve': 'Approve',
    'approvals.reject': 'Reject',
    'approvals.reason': 'Reason (required to reject)',
    'approvals.approved': 'Quote {number} approved (level {level}).',
    'approvals.rejected': 'Quote {number} rejected.',
    'approvals.none': 'Nothing waits for your approval.',
    'approvals.steps': 'Levels',
    'rule.discountPercentAbove': 'discount {actual} % above {threshold} %',
    'rule.marginPercentBelow': 'margin {actual} % below {threshold} %',
    'rule.totalBaseAbove': 'total {actual} EUR above {threshold} EUR',
    'rule.exceedsCreditLimit': 'exposure {actual} EUR above the credit limit {threshold} EUR',
    'step.pending': 'pending',
    'step.approved': 'approved',
    'step.rejected': 'rejected',
  },
});

/** Who decides approvals: the API's approver roles (its validator also refuses the author and the wrong level's role). */
export const APPROVERS = ['sales_manager', 'director'] as const;

export interface OpenApproval {
  number: string;
  revision: number;
  customer: string;
  customerNumber?: string;
  grossBase: string;
  currency?: string;
  net?: string;
  gross?: string;
  createdBy: string;
  waitingSince?: string;
  level: number;
  role: string;
  reasons: string[];
  findings?: { rule: string; threshold: string; actual: string }[];
  steps?: { level: number; role: string; status: string; decidedBy: string | null; comment: string | null }[];
}

/** 3. Approvals inbox: what waits for the user's role, why (the policy rule with its numbers), approve or reject with a reason. */
export const approvalsScreen: Screen = {
  nav: { path: '/approvals', label: 'nav.approvals', roles: APPROVERS },
  mount(router: Router) {
    router.get('/approvals', requireRole(...APPROVERS), async (_req, res) => {
      const items = await apiOk<OpenApproval[]>(tokenOf(res), 'GET', '/approvals');
      res.render('approvals', { title: res.locals.t('approvals.title'), items, key: () => randomUUID() });
    });
    router.post('/approvals/:number/:level', requireRole(...APPROVERS), (req, res) => {
      const number = String(req.params.number);
      const level = String(req.params.level);
      const decision = req.body.decision === 'reject' ? 'reject' : 'approve';
      const reason = String(req.body.reason ?? '').trim();
      return postAction(req, res, {
        path: `/quotes/${encodeURIComponent(number)}/approvals/${encodeURIComponent(level)}`,
        body: { decision, ...(reason ? { reason } : {}) },
        back: '/approvals',
        done: res.locals.t(decision === 'approve' ? 'approvals.approved' : 'approvals.rejected', { number, level }),
      });
    });
  },
};
