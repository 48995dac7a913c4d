import { randomUUID } from 'node:crypto';
import type { Router } from 'express';
import { postAction } from '../actions.ts';
import { ApiError, asProblem, callApi, query } from '../api.ts';
import { requireRole, tokenOf } from '../auth.ts';
import { addMessages } from '../i18n.ts';
import { filterValues, type FilterField } from '../list-filters.ts';
import type { Screen } from '../screen.ts';

addMessages({
  de: {
    'nav.planner': 'Planung',
    'planner.title': 'Planungstafel',
    'planner.intro': 'Offene Meilensteine aller Aufträge nach Termin, überfällige zuerst.',
    'planner.responsible': 'Verantwortlich',
    'planner.customer': 'Kunde (K-… oder ID)',
    'planner.due': 'Termin',
    'planner.milestone': 'Meilenstein',
    'planner.order': 'Auftrag',
    'planner.customerCol': 'Kunde',
    'planner.status': 'Status',
    'planner.overdue': 'überfällig',
    'planner.markDone': 'Erledigt',
    'planner.doneOn': 'Erledigt am',
    'planner.done': 'Meilenstein „{name}“ als erledigt gemeldet.',
    'planner.list': 'Meilensteine',
    'milestone.planned': 'geplant',
    'milestone.in_progress': 'in Arbeit',
  },
  en: {
    'nav.planner': 'Planning',
    'planner.title': 'Planning board',
    'planner.intro': 'Open milestones of all orders by date, overdue first.',
    'planner.responsible': 'Responsible',
    'planner.customer': 'Customer (K-… or id)',
    'planner.due': 'Due',
    'planner.milestone': 'Milestone',
    'planner.order': 'Order',
    'planner.customerCol': 'Customer',
    'planner.status': 'Status',
    'planner.overdue': 'overdue',
    'planner.markDone': 'Done',
    'planner.doneOn': 'Done on',
    'planner.done': 'Milestone “{name}” marked done.',
    'planner.list': 'Milestones',
    'milestone.planned': 'planned',
    'milestone.in_progress': 'in progress',
  },
});

/** Who marks milestones done (the API's planners); everybody else reads the board. */
export const PLANNERS = ['planner', 'project_manager'] as const;
const READERS = [...PLANNERS, 'sales_manager', 'director'] as const;

/** The board's filters: GET /milestones query parameters. */
export const PLANNER_FILTERS: FilterField[] = [
  { name: 'responsible', label: 'planner.responsible', kind: 'text' },
  { name: 'customer', label: 'planner.customer', kind: 'text', placeholder: 'K-10001' },
];

export interface BoardMilestone {
  id: string;
  name: string;
  plannedDate: string;
  status: string;
  responsible: string;
  orderNumber: string;
  customer: { number: string; name: string };
  overdue: boolean;
  planVersion?: number;
}

/** 5. Planning board: open milestones across orders by due date (overdue first), filtered by responsible person and customer; mark done. */
export const plannerScreen: Screen = {
  nav: { path: '/planner', label: 'nav.planner', roles: READERS },
  mount(router: Router) {
    router.get('/planner', requireRole(...READERS), async (req, res) => {
      const filters = filterValues(req, PLANNER_FILTERS);
      const answer = await callApi<{ items: BoardMilestone[] }>(tokenOf(res), 'GET', `/milestones${query({ ...filters, open: 'true', limit: 200 })}`);
      const problem = answer.status === 400 ? asProblem(answer) : null;
      if (answer.status >= 400 && !problem) throw new ApiError(asProblem(answer));
      res.render('planner', {
        title: res.locals.t('planner.title'),
        fields: PLANNER_FILTERS,
        filters,
        problem,
        items: problem ? [] : answer.body.items,
        planners: PLANNERS,
        back: req.originalUrl,
        key: () => randomUUID(),
      });
    });
    router.post('/planner/:order/:milestone/done', requireRole(...PLANNERS), (req, res) => {
      const back = typeof req.body.back === 'string' && req.body.back.startsWith('/planner') ? req.body.back : '/planner';
      const actualDate = typeof req.body.actualDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(req.body.actualDate) ? req.body.actualDate : undefined;
      return postAction(req, res, {
        path: `/orders/${encodeURIComponent(String(req.params.order))}/milestones/${encodeURIComponent(String(req.params.milestone))}/done`,
        body: { expectedVersion: Number(req.body.planVersion), ...(actualDate ? { actualDate } : {}) },
        back,
        done: res.locals.t('planner.done', { name: String(req.body.name ?? '') }),
      });
    });
  },
};
