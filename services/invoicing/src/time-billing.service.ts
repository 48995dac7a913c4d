import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { LockMode } from '@mikro-orm/core';
import type { Em } from '../../../shared/db/orm.ts';
import type { Actor, PricedLine } from '../../../shared/contracts/common.ts';
import type { Invoice, TimeEntry } from '../../../shared/contracts/invoicing/index.ts';
import type { SalesOrder } from '../../../shared/contracts/order/index.ts';
import type { Quote } from '../../../shared/contracts/quote/index.ts';
import { recordAudit } from '../../../shared/db/audit.ts';
import { ConflictError } from '../../../shared/errors.ts';
import { issueOrderInvoice } from './issue-order-invoice.ts';
import { TimeEntryEntity, type TimeEntryRow } from './time-entry.entities.ts';
import { invoiceJson, NOTHING_RELATED } from './invoice.service.ts';

export function timeEntryJson(r: TimeEntryRow): TimeEntry {
  return {
    id: r.id,
    orderNumber: r.orderNumber,
    person: r.person,
    productId: r.productId,
    activity: r.activity,
    date: r.date,
    hours: new Decimal(r.hours).toFixed(2),
    rate: r.rate == null ? null : new Decimal(r.rate).toString(),
    billable: r.billable,
    text: r.text,
    invoiceNumber: r.invoiceNumber ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}

export async function recordTimeEntry(
  tx: Em,
  order: SalesOrder,
  activity: string,
  input: {
    person: string;
    productId: string;
    date: string;
    hours: string;
    rate?: string | undefined;
    billable: boolean;
    text: string;
    actor?: Actor | undefined;
  },
): Promise<TimeEntry> {
  if (order.status === 'cancelled') throw new ConflictError(`order ${order.number} is cancelled; no time is recorded on it`, 'order_cancelled');
  const row = tx.create(TimeEntryEntity, {
    id: `te_${randomUUID()}`,
    orderNumber: order.number,
    person: input.person,
    productId: input.productId,
    activity,
    date: input.date,
    hours: input.hours,
    rate: input.rate ?? null,
    billable: input.billable,
    text: input.text,
    invoiceNumber: null,
    createdBy: input.actor?.id ?? 'system',
    createdAt: new Date(),
  });
  tx.persist(row);
  await tx.flush();
  return timeEntryJson(row);
}

/** One invoice line per person, activity and rate: the hours added up, with the entries' period. */
export interface TimeGroup {
  person: string;
  productId: string;
  activity: string;
  rate: string | null;
  hours: Decimal;
  entries: TimeEntryRow[];
}

export function groupTimeEntries(entries: TimeEntryRow[]): TimeGroup[] {
  const groups = new Map<string, TimeGroup>();
  for (const e of [...entries].sort((a, b) => a.person.localeCompare(b.person) || a.activity.localeCompare(b.activity) || a.date.localeCompare(b.date))) {
    const rate = e.rate == null ? null : new Decimal(e.rate).toString();
    const key = JSON.stringify([e.person, e.productId, rate]);
    const g = groups.get(key) ?? { person: e.person, productId: e.productId, activity: e.activity, rate, hours: new Decimal(0), entries: [] };
    g.hours = g.hours.plus(e.hours);
    g.entries.push(e);
    groups.set(key, g);
  }
  return [...groups.values()];
}

const germanDate = (iso: string) => iso.split('-').reverse().join('.');

/** "Montage – Max Mustermann, 3 Einsätze 03.11.2026–27.11.2026" */
export function groupDescription(g: TimeGroup): string {
  const first = g.entries[0]!.date;
  const last = g.entries.at(-1)!.date;
  const days = first === last ? germanDate(first) : `${germanDate(first)}–${germanDate(last)}`;
  const count = g.entries.length;
  return `${g.activity} – ${g.person}, ${count} ${count === 1 ? 'Einsatz' : 'Einsätze'} ${days}`;
}

/**
 * Bills the unbilled billable entries of the period (RE series, kind
 * time_material). The entries are locked and re-read under the lock, so two
 * invoices of overlapping periods never bill an entry twice: the second finds
 * it billed. The lines are priced like quote lines (customer price, VAT by
 * destination), through `price`, the quote service's pricing.
 */
export async function billTime(
  tx: Em,
  order: SalesOrder,
  period: { from: string; to: string },
  price: (lines: { productId: string; quantity: string; unitPrice?: string; description: string }[]) => Promise<Quote>,
  actor?: Actor,
): Promise<Invoice> {
  const entries = await tx.find(
    TimeEntryEntity,
    { orderNumber: order.number, billable: true, invoiceNumber: null, date: { $gte: period.from, $lte: period.to } },
    { lockMode: LockMode.PESSIMISTIC_WRITE },
  );
  if (entries.length === 0)
    throw new ConflictError(`order ${order.number} has no unbilled billable time from ${period.from} to ${period.to}`, 'nothing_to_bill');
  const groups = groupTimeEntries(entries);
  const priced = await price(
    groups.map((g) => ({
      productId: g.productId,
      quantity: g.hours.toFixed(2),
      ...(g.rate !== null ? { unitPrice: g.rate } : {}),
      description: groupDescription(g),
    })),
  );
  const row = await issueOrderInvoice(tx, order, {
    kind: 'time_material',
    lines: priced.lines.map((l: PricedLine) => ({ ...l, orderPosition: 0, deliveryNoteNumber: '' })),
    totals: priced.totals,
    taxNotes: priced.taxNotes ?? [],
    // The services were performed over the period: the last day worked is the supply date printed.
    supplyDate: entries
      .map((e) => e.date)
      .sort()
      .at(-1)!,
    // The period asked for is the period billed (BG-14), even where its first days have no entries.
    period: { start: period.from, end: period.to },
  });
  for (const e of entries) e.invoiceNumber = row.number;
  await tx.flush();
  await recordAudit(tx, {
    aggregateType: 'invoice',
    aggregateId: row.number,
    action: 'issued',
    actor,
    details: { orderNumber: order.number, kind: 'time_material', period, entries: entries.map((e) => e.id), gross: row.totals.gross },
  });
  return invoiceJson(row, NOTHING_RELATED);
}
