import { randomUUID } from 'node:crypto';
import type { Em } from '../../../shared/db/orm.ts';
import type { Customer, Product } from '../../../shared/contracts/quote.ts';
import type { Actor, Address, CustomerSnapshot } from '../../../shared/contracts/common.ts';
import { recordEvent } from '../../../shared/db/outbox.ts';
import { recordAudit } from '../../../shared/db/audit.ts';
import { ConflictError, NotFoundError } from '../../../shared/errors.ts';
import { CustomerEntity, ProductEntity, type CustomerRow, type ProductRow } from './entities.ts';
import type { TaxCategory } from '../../../shared/tax.ts';

export interface NewCustomer {
  name: string;
  type: 'business' | 'consumer';
  billingAddress: Address;
  shippingAddress?: Address | undefined;
  vatId?: string | undefined;
  email?: string | undefined;
  paymentTermsDays: number;
}

export interface NewProduct {
  sku: string;
  name: string;
  unit: string;
  prices: Record<string, string>;
  taxCategory: TaxCategory;
  kind: 'goods' | 'service';
}

export function customerJson(c: CustomerRow): Customer {
  return { ...snapshotOf(c), type: c.type, paymentTermsDays: c.paymentTermsDays, createdAt: c.createdAt.toISOString(), version: c.version };
}

export function snapshotOf(c: CustomerRow): CustomerSnapshot {
  return { id: c.id, number: c.number, name: c.name, billingAddress: c.billingAddress, shippingAddress: c.shippingAddress, vatId: c.vatId ?? null, email: c.email ?? null };
}

export function productJson(p: ProductRow): Product {
  return { id: p.id, sku: p.sku, name: p.name, unit: p.unit, prices: p.prices, taxCategory: p.taxCategory, kind: p.kind, createdAt: p.createdAt.toISOString() };
}

export async function createCustomer(tx: Em, input: NewCustomer, actor?: Actor): Promise<Customer> {
  const [seq] = await tx.execute<{ n: string }[]>(`select nextval('customer_number_seq') as n`);
  const row = tx.create(CustomerEntity, {
    id: `cus_${randomUUID()}`,
    number: `K-${seq!.n}`,
    name: input.name,
    type: input.type,
    billingAddress: input.billingAddress,
    // Shipping copies billing unless a separate address is given.
    shippingAddress: input.shippingAddress ?? input.billingAddress,
    vatId: input.vatId ?? null,
    email: input.email ?? null,
    paymentTermsDays: input.paymentTermsDays,
    createdAt: new Date(),
    version: 1,
  });
  tx.persist(row);
  recordEvent(tx, 'events.quote.customer.created', { customerId: row.id, number: row.number, name: row.name });
  await tx.flush();
  await recordAudit(tx, { aggregateType: 'customer', aggregateId: row.number, action: 'created', actor, details: { customer: customerJson(row) } });
  return customerJson(row);
}

export async function createProduct(tx: Em, input: NewProduct, actor?: Actor): Promise<Product> {
  if (await tx.findOne(ProductEntity, { sku: input.sku })) throw new ConflictError(`a product with SKU ${input.sku} exists`, 'duplicate_sku');
  const row = tx.create(ProductEntity, { id: `prd_${randomUUID()}`, ...input, createdAt: new Date() });
  tx.persist(row);
  recordEvent(tx, 'events.quote.product.created', { productId: row.id, sku: row.sku });
  await tx.flush();
  await recordAudit(tx, { aggregateType: 'product', aggregateId: row.sku, action: 'created', actor, details: { product: productJson(row) } });
  return productJson(row);
}

export async function getCustomer(em: Em, id: string): Promise<Customer> {
  const row = await em.findOne(CustomerEntity, { id });
  if (!row) throw new NotFoundError(`customer ${id} not found`, 'id');
  return customerJson(row);
}

export async function getProduct(em: Em, idOrSku: string): Promise<Product> {
  const row = await em.findOne(ProductEntity, { $or: [{ id: idOrSku }, { sku: idOrSku }] });
  if (!row) throw new NotFoundError(`product ${idOrSku} not found`, 'id');
  return productJson(row);
}
