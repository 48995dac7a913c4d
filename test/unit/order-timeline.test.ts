import { describe, expect, it } from '@jest/globals';
import {
  berlinToday,
  billableItems,
  invoiceableNotes,
  isOverdue,
  timeline,
  type DeliveryNote,
  type Invoice,
  type Milestone,
} from '../../services/web/src/screens/order-timeline.ts';

const note = (number: string, status: string, createdAt = '2026-03-02T10:00:00Z'): DeliveryNote => ({
  number,
  status,
  lines: [],
  carrier: null,
  trackingNumber: null,
  shippedAt: null,
  deliveredOn: null,
  createdAt,
});
const invoice = (number: string, notes: string[], extra: Partial<Invoice> = {}): Invoice => ({
  number,
  kind: 'invoice',
  status: 'issued',
  refersTo: null,
  deliveryNoteNumbers: notes,
  totals: { gross: '119.00', currency: 'EUR' },
  dueDate: null,
  openAmount: '119.00',
  paidAmount: '0.00',
  payments: [],
  createdAt: '2026-03-03T09:00:00Z',
  ...extra,
});
const milestone = (id: string, plannedDate: string, status = 'planned', actualDate: string | null = null): Milestone => ({
  id,
  name: id,
  plannedDate,
  actualDate,
  status,
  responsible: null,
});

describe('order timeline', () => {
  it('puts quote, order, milestones, deliveries, invoices, corrections and payments in time order, with PDF links', () => {
    const entries = timeline({
      order: { number: 'AB-2026-00001', createdAt: '2026-03-01T08:00:00Z' },
      revisions: [{ number: 'AN-2026-00001', revision: 1, status: 'converted', createdAt: '2026-02-20T08:00:00Z' }],
      notes: [note('LS-2026-00001', 'shipped')],
      invoices: [
        invoice('RE-2026-00001', ['LS-2026-00001'], {
          payments: [{ id: 'p1', amount: '119.00', kind: 'transfer', receivedAt: '2026-03-10', reference: null }],
        }),
        invoice('RK-2026-00001', [], { kind: 'credit_note', refersTo: 'RE-2026-00001', createdAt: '2026-03-12T09:00:00Z' }),
      ],
      milestones: [milestone('m1', '2026-03-05')],
      today: '2026-03-20',
    });
    expect(entries.map((e) => [e.kind, e.number ?? e.milestone?.id ?? e.payment?.invoiceNumber])).toEqual([
      ['quote', 'AN-2026-00001'],
      ['order', 'AB-2026-00001'],
      ['delivery', 'LS-2026-00001'],
      ['invoice', 'RE-2026-00001'],
      ['milestone', 'm1'],
      ['payment', 'RE-2026-00001'],
      ['correction', 'RK-2026-00001'],
    ]);
    expect(entries[0]!.pdf).toBe('/documents/AN-2026-00001/pdf?revision=1');
    expect(entries[3]!.pdf).toBe('/documents/RE-2026-00001/pdf');
    expect(entries[4]!.overdue).toBe(true);
  });

  it.each([
    ['planned', '2026-03-19', null, true],
    ['in_progress', '2026-03-19', null, true],
    ['planned', '2026-03-20', null, false],
    ['done', '2026-03-01', '2026-03-02', false],
    ['cancelled', '2026-03-01', null, false],
  ])('a %s milestone planned for %s is overdue on 2026-03-20: %s', (status, planned, actual, overdue) => {
    expect(isOverdue(milestone('m', planned, status, actual), '2026-03-20')).toBe(overdue);
  });

  it('offers shipped notes on no live invoice for invoicing', () => {
    const notes = [note('LS-1', 'shipped'), note('LS-2', 'shipped'), note('LS-3', 'open'), note('LS-4', 'shipped')];
    const invoices = [invoice('RE-1', ['LS-1']), invoice('RE-2', ['LS-4'], { status: 'cancelled' })];
    expect(invoiceableNotes(notes, invoices).map((n) => n.number)).toEqual(['LS-2', 'LS-4']);
  });

  it('tells which plan items still need an override reason', () => {
    const items = [
      { key: 'a', label: 'A', kind: 'down_payment', trigger: { on: 'order_confirmed' }, invoiceNumber: null },
      { key: 'b', label: 'B', kind: 'progress', trigger: { on: 'milestone_done', milestoneId: 'm1' }, invoiceNumber: null },
      { key: 'c', label: 'C', kind: 'progress', trigger: { on: 'milestone_done', milestoneId: 'm2' }, invoiceNumber: null },
      { key: 'd', label: 'D', kind: 'progress', trigger: { on: 'manual' }, invoiceNumber: 'RE-9' },
    ];
    const ms = [milestone('m1', '2026-01-01', 'done', '2026-01-02'), milestone('m2', '2026-01-01')];
    expect(billableItems(items, ms).map((i) => [i.key, i.triggerReached])).toEqual([
      ['a', true],
      ['b', true],
      ['c', false],
    ]);
  });

  it('knows the Berlin date around midnight UTC', () => {
    expect(berlinToday(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
    expect(berlinToday(new Date('2026-12-31T22:59:00Z'))).toBe('2026-12-31');
  });
});
