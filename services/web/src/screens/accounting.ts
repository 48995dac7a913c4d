import { randomUUID } from 'node:crypto';
import type { Router } from 'express';
import { postAction } from '../actions.ts';
import { apiOk, bodyOf, bodyOr, readAll } from '../api.ts';
import { requireRole, tokenOf } from '../auth.ts';
import { addMessages } from '../i18n.ts';
import type { Screen } from '../screen.ts';

addMessages({
  de: {
    'nav.accounting': 'Buchhaltung',
    'acc.title': 'Buchhaltung',
    'acc.openItems': 'Offene Posten je Kunde',
    'acc.customer': 'Kunde',
    'acc.invoices': 'Rechnungen',
    'acc.open': 'Offen',
    'acc.overdue': 'Überfällig',
    'acc.oldestDue': 'Älteste Fälligkeit',
    'acc.maxDays': 'Tage überfällig (max.)',
    'acc.dunning': 'Überfällige Rechnungen nach Mahnstufe',
    'acc.level': 'Mahnstufe {level}',
    'acc.level0': 'noch nicht gemahnt',
    'acc.invoice': 'Rechnung',
    'acc.dueDate': 'Fällig',
    'acc.days': 'Tage',
    'acc.remind': 'Nächste Mahnung',
    'acc.reminded': 'Mahnung zu {number} erstellt.',
    'acc.unmatched': 'Zuzuordnende Zahlungen',
    'acc.received': 'Eingang',
    'acc.amount': 'Betrag',
    'acc.reference': 'Verwendungszweck',
    'acc.payer': 'Zahler',
    'acc.reason': 'Warum nicht zugeordnet',
    'acc.matchTo': 'Rechnungsnummer',
    'acc.match': 'Zuordnen',
    'acc.matched': 'Zahlung {id} der Rechnung {invoice} zugeordnet und gebucht.',
    'acc.credit': 'Guthaben von Kunden',
    'acc.balance': 'Guthaben',
    'acc.details': 'Offene Posten von {name}',
    'acc.paid': 'Bezahlt',
    'acc.gross': 'Brutto',
    'acc.skonto': 'Skonto bis {until}: {amount}',
    'acc.asOf': 'Stand {date}',
  },
  en: {
    'nav.accounting': 'Accounting',
    'acc.title': 'Accounting',
    'acc.openItems': 'Open items per customer',
    'acc.customer': 'Customer',
    'acc.invoices': 'Invoices',
    'acc.open': 'Open',
    'acc.overdue': 'Overdue',
    'acc.oldestDue': 'Oldest due date',
    'acc.maxDays': 'Days overdue (max.)',
    'acc.dunning': 'Overdue invoices by dunning level',
    'acc.level': 'Dunning level {level}',
    'acc.level0': 'not reminded yet',
    'acc.invoice': 'Invoice',
    'acc.dueDate': 'Due',
    'acc.days': 'Days',
    'acc.remind': 'Next reminder',
    'acc.reminded': 'Reminder for {number} issued.',
    'acc.unmatched': 'Payments to match',
    'acc.received': 'Received',
    'acc.amount': 'Amount',
    'acc.reference': 'Reference',
    'acc.payer': 'Payer',
    'acc.reason': 'Why not matched',
    'acc.matchTo': 'Invoice number',
    'acc.match': 'Match',
    'acc.matched': 'Payment {id} matched to invoice {invoice} and booked.',
    'acc.credit': 'Customer credit balances',
    'acc.balance': 'Balance',
    'acc.details': 'Open items of {name}',
    'acc.paid': 'Paid',
    'acc.gross': 'Gross',
    'acc.skonto': 'Skonto until {until}: {amount}',
    'acc.asOf': 'As of {date}',
  },
});

/** Accounting acts (reminders, matching payments); sales managers read the open items too. */
export const ACCOUNTING = ['accounting'] as const;
const READERS = [...ACCOUNTING, 'sales_manager'] as const;

interface OverdueItem {
  invoiceNumber: string;
  orderNumber: string;
  customer: { id: string; number: string; name: string };
  currency: string;
  dueDate: string;
  daysOverdue: number;
  openAmount: string;
  level: number;
}

/** Overdue invoices grouped by their dunning level, lowest level first (the API answers them oldest due first). */
export function byLevel(items: OverdueItem[]): { level: number; items: OverdueItem[] }[] {
  const levels = [...new Set(items.map((i) => i.level))].sort((a, b) => a - b);
  return levels.map((level) => ({ level, items: items.filter((i) => i.level === level) }));
}

/** 6. Accounting: open items per customer, overdue invoices by dunning level, payments to match, credit balances. */
export const accountingScreen: Screen = {
  nav: { path: '/accounting', label: 'nav.accounting', roles: READERS },
  mount(router: Router) {
    router.get('/accounting', requireRole(...READERS), async (_req, res) => {
      const token = tokenOf(res);
      const reads = await readAll(token, ['/open-items', '/dunning/overdue', '/payments/unmatched?limit=100', '/credit-balances']);
      const openItems = bodyOf<{ asOf: string; items: unknown[] }>(reads[0]!);
      const overdue = bodyOf<OverdueItem[]>(reads[1]!);
      // A read the role may not make (credit balances for sales managers) shows as empty, not as an error page.
      const unmatched = bodyOr<{ items: unknown[] }>(reads[2]!, { items: [] });
      const credit = bodyOr<unknown[]>(reads[3]!, []);
      res.render('accounting', {
        title: res.locals.t('acc.title'),
        openItems,
        levels: byLevel(overdue),
        unmatched: unmatched.items,
        credit,
        acts: ACCOUNTING,
        key: () => randomUUID(),
      });
    });
    router.get('/accounting/customers/:id', requireRole(...READERS), async (req, res) => {
      const token = tokenOf(res);
      const id = encodeURIComponent(String(req.params.id));
      const [customer, items] = await Promise.all([
        apiOk<{ name: string; number: string }>(token, 'GET', `/customers/${id}`),
        apiOk<{ asOf: string; items: unknown[]; creditBalances: unknown[] }>(token, 'GET', `/customers/${id}/open-items`),
      ]);
      res.render('accounting-customer', { title: res.locals.t('acc.details', { name: customer.name }), customer, items });
    });
    router.post('/accounting/reminders/:invoice', requireRole(...ACCOUNTING), (req, res) =>
      postAction(req, res, {
        path: `/invoices/${encodeURIComponent(String(req.params.invoice))}/reminders`,
        back: '/accounting',
        done: res.locals.t('acc.reminded', { number: String(req.params.invoice) }),
      }),
    );
    router.post('/accounting/payments/:eventId/match', requireRole(...ACCOUNTING), (req, res) => {
      const invoice = String(req.body.invoiceNumber ?? '')
        .trim()
        .toUpperCase();
      return postAction(req, res, {
        path: `/payments/unmatched/${encodeURIComponent(String(req.params.eventId))}/match`,
        body: { invoiceNumber: invoice },
        back: '/accounting',
        done: res.locals.t('acc.matched', { id: String(req.params.eventId), invoice }),
      });
    });
  },
};
