import type { Router } from 'express';
import { ORDER_TYPES } from '../../../../shared/contracts/common.ts';
import { BILLING_STATUSES, ORDER_STATUSES } from '../../../../shared/contracts/order/types.ts';
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

/** The order list's filters: exactly the query parameters GET /orders takes. */
export const ORDER_FILTERS: FilterField[] = [
  { name: 'number', label: 'orders.number', kind: 'text', placeholder: 'AB-2026-00001' },
  { name: 'customer', label: 'orders.customer', kind: 'text', placeholder: 'K-00001' },
  { name: 'status', label: 'orders.status', kind: 'select', options: ORDER_STATUSES, labelPrefix: 'status.' },
  { name: 'billingStatus', label: 'orders.billingStatus', kind: 'select', options: BILLING_STATUSES, labelPrefix: 'billing.' },
  { name: 'orderType', label: 'orders.orderType', kind: 'select', options: ORDER_TYPES, labelPrefix: 'type.' },
  { name: 'priority', label: 'orders.priority', kind: 'select', options: ['normal', 'rush'], labelPrefix: 'priority.' },
  { name: 'quoteNumber', label: 'orders.quoteNumber', kind: 'text', placeholder: 'AN-2026-00001' },
  { name: 'from', label: 'orders.from', kind: 'date' },
  { name: 'to', label: 'orders.to', kind: 'date' },
];
const PAGING = ['limit', 'offset'];

export interface OrderRow {
  number: string;
  customer: { number?: string; name: string };
  status: string;
  billingStatus: string;
  orderType: string;
  priority: string;
  createdAt: string;
  totals: { net: string; gross: string; currency: string };
}

/** 1. Order list: filters from the URL go to GET /orders as they are; paging by the API's next offset. */
export const ordersScreen: Screen = {
  nav: { path: '/orders', label: 'nav.orders', roles: ['sales', 'sales_manager', 'director', 'warehouse', 'accounting', 'project_manager', 'planner'] },
  mount(router: Router) {
    router.get('/orders', async (req, res) => {
      const filters = filterValues(req, ORDER_FILTERS, PAGING);
      const answer = await callApi<{ items: OrderRow[]; hasMore: boolean; nextOffset: number | null }>(tokenOf(res), 'GET', `/orders${query(filters)}`);
      // A wrong filter value (a malformed number, to before from) is shown beside the form, not as an error page.
      const problem = answer.status === 400 || answer.status === 422 ? asProblem(answer) : null;
      if (answer.status >= 400 && !problem) throw new ApiError(asProblem(answer));
      const page = problem ? { items: [], hasMore: false, nextOffset: null } : answer.body;
      res.render('orders', {
        title: res.locals.t('orders.title'),
        fields: ORDER_FILTERS,
        filters,
        problem,
        page,
        nextUrl: page.hasMore && page.nextOffset !== null ? withParams('/orders', filters, { offset: String(page.nextOffset) }) : null,
        firstUrl: filters.offset && filters.offset !== '0' ? withParams('/orders', filters, { offset: undefined }) : null,
      });
    });
  },
};
