import type { Router } from 'express';
import { ORDER_TYPES } from '../../../../shared/contracts/common.ts';
import { BILLING_STATUSES, ORDER_STATUSES, PAYMENT_STATUSES } from '../../../../shared/contracts/order/types.ts';
import { ORDER_SORT_KEYS } from '../../../../shared/contracts/order/commands.ts';
import { ApiError, asProblem, callApi, query } from '../api.ts';
import { tokenOf } from '../auth.ts';
import { addMessages } from '../i18n.ts';
import { filterValues, withParams, type FilterField } from '../list-filters.ts';
import type { Screen } from '../screen.ts';

addMessages({
  de: {
    'orders.title': 'Aufträge',
    'orders.filters': 'Filter',
    'orders.number': 'Auftragsnummer',
    'orders.customer': 'Kunde (K-… oder ID)',
    'orders.customerCol': 'Kunde',
    'orders.from': 'Datum von',
    'orders.to': 'Datum bis',
    'orders.status': 'Lieferstatus',
    'orders.billingStatus': 'Abrechnungsstatus',
    'orders.orderType': 'Auftragsart',
    'orders.priority': 'Priorität',
    'orders.quoteNumber': 'Angebotsnummer',
    'orders.date': 'Datum',
    'orders.total': 'Brutto',
    'orders.net': 'Netto',
    'orders.limit': 'Einträge je Seite',
    'orders.paymentStatus': 'Zahlungsstatus',
    'orders.tag': 'Etiketten (mit Komma)',
    'orders.tags': 'Etiketten',
    'orders.assignee': 'Bearbeiter',
    'orders.leadSource': 'Leadquelle',
    'orders.minTotal': 'Summe ab (EUR)',
    'orders.maxTotal': 'Summe bis (EUR)',
    'orders.totalBasis': 'Summe als',
    'orders.count': '{count} Aufträge',
    'orders.sortBy': 'Sortieren nach {column}',
    'orders.sortedAsc': 'aufsteigend sortiert',
    'orders.sortedDesc': 'absteigend sortiert',
    'pay.none': 'keine Rechnung',
    'pay.open': 'offen',
    'pay.partial': 'teilbezahlt',
    'pay.paid': 'bezahlt',
    'pay.overdue': 'überfällig',
    'basis.gross': 'brutto',
    'basis.net': 'netto',
    'orders.page': 'Seite ab Eintrag {from}',
    'orders.saved': 'Dieser Filter steckt in der Adresse: als Lesezeichen speichern oder weitergeben.',
    'orders.list': 'Auftragsliste',
    'status.open': 'offen',
    'status.partially_delivered': 'teilgeliefert',
    'status.delivered': 'geliefert',
    'status.cancelled': 'storniert',
    'billing.unbilled': 'nicht berechnet',
    'billing.partially_billed': 'teilberechnet',
    'billing.billed': 'berechnet',
    'billing.paid': 'bezahlt',
    'type.standard': 'Standard',
    'type.cash_sale': 'Barverkauf',
    'type.rush': 'Eilauftrag',
    'type.scheduled': 'Terminauftrag',
    'type.drop_ship': 'Streckengeschäft',
    'priority.normal': 'normal',
    'priority.rush': 'eilig',
  },
  en: {
    'orders.title': 'Orders',
    'orders.filters': 'Filters',
    'orders.number': 'Order number',
    'orders.customer': 'Customer (K-… or id)',
    'orders.customerCol': 'Customer',
    'orders.from': 'Date from',
    'orders.to': 'Date to',
    'orders.status': 'Delivery status',
    'orders.billingStatus': 'Billing status',
    'orders.orderType': 'Order type',
    'orders.priority': 'Priority',
    'orders.quoteNumber': 'Quote number',
    'orders.date': 'Date',
    'orders.total': 'Gross',
    'orders.net': 'Net',
    'orders.limit': 'Entries per page',
    'orders.paymentStatus': 'Payment status',
    'orders.tag': 'Tags (comma-separated)',
    'orders.tags': 'Tags',
    'orders.assignee': 'Assignee',
    'orders.leadSource': 'Lead source',
    'orders.minTotal': 'Total from (EUR)',
    'orders.maxTotal': 'Total up to (EUR)',
    'orders.totalBasis': 'Total as',
    'orders.count': '{count} orders',
    'orders.sortBy': 'Sort by {column}',
    'orders.sortedAsc': 'sorted ascending',
    'orders.sortedDesc': 'sorted descending',
    'pay.none': 'no invoice',
    'pay.open': 'open',
    'pay.partial': 'partially paid',
    'pay.paid': 'paid',
    'pay.overdue': 'overdue',
    'basis.gross': 'gross',
    'basis.net': 'net',
    'orders.page': 'Page from entry {from}',
    'orders.saved': 'This filter lives in the address: bookmark or share it.',
    'orders.list': 'Order list',
    'status.open': 'open',
    'status.partially_delivered': 'partially delivered',
    'status.delivered': 'delivered',
    'status.cancelled': 'cancelled',
    'billing.unbilled': 'unbilled',
    'billing.partially_billed': 'partially billed',
    'billing.billed': 'billed',
    'billing.paid': 'paid',
    'type.standard': 'Standard',
    'type.cash_sale': 'Cash sale',
    'type.rush': 'Rush',
    'type.scheduled': 'Scheduled',
    'type.drop_ship': 'Drop shipment',
    'priority.normal': 'normal',
    'priority.rush': 'rush',
  },
});

/** The order list's filters: exactly the query parameters GET /orders takes (sort, direction and cursor come from the column heads and pager). */
export const ORDER_FILTERS: FilterField[] = [
  { name: 'number', label: 'orders.number', kind: 'text', placeholder: 'AB-2026-00001' },
  { name: 'customer', label: 'orders.customer', kind: 'text', placeholder: 'K-00001' },
  { name: 'status', label: 'orders.status', kind: 'select', options: ORDER_STATUSES, labelPrefix: 'status.' },
  { name: 'billingStatus', label: 'orders.billingStatus', kind: 'select', options: BILLING_STATUSES, labelPrefix: 'billing.' },
  { name: 'paymentStatus', label: 'orders.paymentStatus', kind: 'select', options: PAYMENT_STATUSES, labelPrefix: 'pay.' },
  { name: 'orderType', label: 'orders.orderType', kind: 'select', options: ORDER_TYPES, labelPrefix: 'type.' },
  { name: 'priority', label: 'orders.priority', kind: 'select', options: ['normal', 'rush'], labelPrefix: 'priority.' },
  { name: 'minTotal', label: 'orders.minTotal', kind: 'number', placeholder: '1000' },
  { name: 'maxTotal', label: 'orders.maxTotal', kind: 'number' },
  { name: 'totalBasis', label: 'orders.totalBasis', kind: 'select', options: ['gross', 'net'], labelPrefix: 'basis.', noEmpty: true },
  { name: 'tag', label: 'orders.tag', kind: 'text' },
  { name: 'assignee', label: 'orders.assignee', kind: 'text' },
  { name: 'leadSource', label: 'orders.leadSource', kind: 'text' },
  { name: 'quoteNumber', label: 'orders.quoteNumber', kind: 'text', placeholder: 'AN-2026-00001' },
  { name: 'from', label: 'orders.from', kind: 'date' },
  { name: 'to', label: 'orders.to', kind: 'date' },
];
const PAGING = ['limit', 'sort', 'direction', 'cursor'];

/** The sortable columns: heading label → the API's sort key. */
export const ORDER_COLUMNS: { label: string; sort: (typeof ORDER_SORT_KEYS)[number] | null; num?: boolean }[] = [
  { label: 'orders.number', sort: 'number' },
  { label: 'orders.date', sort: 'date' },
  { label: 'orders.customerCol', sort: 'customer' },
  { label: 'orders.orderType', sort: null },
  { label: 'orders.status', sort: 'status' },
  { label: 'orders.billingStatus', sort: 'billingStatus' },
  { label: 'orders.paymentStatus', sort: null },
  { label: 'orders.assignee', sort: 'assignee' },
  { label: 'orders.net', sort: 'netTotal', num: true },
  { label: 'orders.total', sort: 'total', num: true },
];

export interface OrderRow {
  number: string;
  customer: { number?: string; name: string };
  status: string;
  billingStatus: string;
  orderType: string;
  priority: string;
  createdAt: string;
  totals: { net: string; gross: string; currency: string };
  paymentStatus?: string;
  assignee?: string | null;
  tags?: string[];
}

interface OrderPage {
  items: OrderRow[];
  hasMore: boolean;
  total: number;
  nextCursor: string | null;
}

/** 1. Order list: filters from the URL go to GET /orders as they are; sorting by column, keyset paging by the API's cursor. */
export const ordersScreen: Screen = {
  nav: { path: '/orders', label: 'nav.orders', roles: ['sales', 'sales_manager', 'director', 'warehouse', 'accounting', 'project_manager', 'planner'] },
  mount(router: Router) {
    router.get('/orders', async (req, res) => {
      const filters = filterValues(req, ORDER_FILTERS, PAGING);
      const answer = await callApi<OrderPage>(tokenOf(res), 'GET', `/orders${query(filters)}`);
      // A wrong filter value (a malformed number, to before from) is shown beside the form, not as an error page.
      const problem = answer.status === 400 || answer.status === 422 ? asProblem(answer) : null;
      if (answer.status >= 400 && !problem) throw new ApiError(asProblem(answer));
      const page: OrderPage = problem ? { items: [], hasMore: false, total: 0, nextCursor: null } : answer.body;
      const { cursor: _cursor, ...unpaged } = filters;
      const sort = filters.sort ?? 'priority';
      const direction = filters.direction ?? 'desc';
      res.render('orders', {
        title: res.locals.t('orders.title'),
        fields: ORDER_FILTERS,
        filters,
        problem,
        page,
        columns: ORDER_COLUMNS.map((c) => ({
          ...c,
          current: c.sort === sort ? direction : null,
          // Clicking the sorted column turns its direction; another column starts descending for totals and dates, ascending otherwise.
          href: c.sort
            ? withParams('/orders', unpaged, {
                sort: c.sort,
                direction: c.sort === sort ? (direction === 'asc' ? 'desc' : 'asc') : ['date', 'total', 'netTotal'].includes(c.sort) ? 'desc' : 'asc',
              })
            : null,
        })),
        nextUrl: page.hasMore && page.nextCursor ? withParams('/orders', unpaged, { cursor: page.nextCursor }) : null,
        firstUrl: filters.cursor ? withParams('/orders', unpaged, {}) : null,
      });
    });
  },
};
