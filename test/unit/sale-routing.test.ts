import { describe, expect, it } from '@jest/globals';
import { SaleRouting, type DocumentOwners } from '../../services/gateway/src/sale-routing.ts';
import { NotFoundError } from '../../shared/errors.ts';

/** Owners that know a few documents and count what they are asked. */
function owners() {
  const asked: string[] = [];
  const orders: Record<string, { number: string; quoteNumber: string | null }> = {
    'AB-2026-00001': { number: 'AB-2026-00001', quoteNumber: 'AN-2026-00007' },
    'AB-2026-00002': { number: 'AB-2026-00002', quoteNumber: null },
  };
  const notes: Record<string, { number: string; orderNumber: string }> = { 'LS-2026-00001': { number: 'LS-2026-00001', orderNumber: 'AB-2026-00001' } };
  const invoices: Record<string, { number: string; orderNumber: string }> = { 'RE-2026-00001': { number: 'RE-2026-00001', orderNumber: 'AB-2026-00002' } };
  const find = <T>(kind: string, all: Record<string, T>, number: string): Promise<T> => {
    asked.push(`${kind} ${number}`);
    const found = all[number];
    return found ? Promise.resolve(found) : Promise.reject(new NotFoundError(`${kind} ${number} not found`, 'number'));
  };
  const o: DocumentOwners = {
    order: (n) => find('order', orders, n),
    deliveryNote: (n) => find('note', notes, n),
    invoice: (n) => find('invoice', invoices, n),
  };
  return { owners: o, asked };
}

describe('SaleRouting: which sale a step on an order, a delivery note or an invoice goes to', () => {
  it('asks each owner once per document and answers from memory after that', async () => {
    const { owners: o, asked } = owners();
    const routing = new SaleRouting(o);
    expect(await routing.saleOfOrder('AB-2026-00001')).toBe('AN-2026-00007');
    expect(await routing.saleOfOrder('AB-2026-00001')).toBe('AN-2026-00007');
    // A direct order's sale is the order itself.
    expect(await routing.saleOfOrder('AB-2026-00002')).toBe('AB-2026-00002');
    expect(await routing.deliveryNote('LS-2026-00001')).toEqual({ number: 'LS-2026-00001', orderNumber: 'AB-2026-00001' });
    expect(await routing.deliveryNote('LS-2026-00001')).toEqual({ number: 'LS-2026-00001', orderNumber: 'AB-2026-00001' });
    expect(await routing.invoice('RE-2026-00001')).toEqual({ number: 'RE-2026-00001', orderNumber: 'AB-2026-00002' });
    expect(await routing.invoice('RE-2026-00001')).toEqual({ number: 'RE-2026-00001', orderNumber: 'AB-2026-00002' });
    expect(asked).toEqual(['order AB-2026-00001', 'order AB-2026-00002', 'note LS-2026-00001', 'invoice RE-2026-00001']);
  });

  it('learns from the documents steps answer, so a plain sale asks no owner at all', async () => {
    const { owners: o, asked } = owners();
    const routing = new SaleRouting(o);
    routing.learn('quote', { number: 'AN-2026-00009', orderNumber: null });
    routing.learn('order', { number: 'AB-2026-00005', quoteNumber: 'AN-2026-00009' });
    routing.learn('delivery_note', { number: 'LS-2026-00005', orderNumber: 'AB-2026-00005' });
    routing.learn('invoice', { number: 'RE-2026-00005', orderNumber: 'AB-2026-00005' });
    expect(await routing.saleOfOrder('AB-2026-00005')).toBe('AN-2026-00009');
    expect(await routing.deliveryNote('LS-2026-00005')).toEqual({ number: 'LS-2026-00005', orderNumber: 'AB-2026-00005' });
    expect(await routing.invoice('RE-2026-00005')).toEqual({ number: 'RE-2026-00005', orderNumber: 'AB-2026-00005' });
    expect(asked).toEqual([]);
  });

  it('does not remember a document that does not exist: its owner answers 404 each time', async () => {
    const { owners: o, asked } = owners();
    const routing = new SaleRouting(o);
    await expect(routing.deliveryNote('LS-2026-09999')).rejects.toMatchObject({ status: 404 });
    await expect(routing.deliveryNote('LS-2026-09999')).rejects.toMatchObject({ status: 404 });
    await expect(routing.saleOfOrder('AB-2026-09999')).rejects.toMatchObject({ status: 404 });
    expect(asked).toEqual(['note LS-2026-09999', 'note LS-2026-09999', 'order AB-2026-09999']);
  });

  it('forgets the oldest documents past its limit and asks for them again', async () => {
    const { owners: o, asked } = owners();
    const routing = new SaleRouting(o, 1);
    await routing.saleOfOrder('AB-2026-00001');
    await routing.saleOfOrder('AB-2026-00002');
    expect(await routing.saleOfOrder('AB-2026-00001')).toBe('AN-2026-00007');
    expect(asked).toEqual(['order AB-2026-00001', 'order AB-2026-00002', 'order AB-2026-00001']);
  });
});
