import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Em } from '../../../shared/db/orm.ts';
import type { Customer, Product } from '../../../shared/contracts/quote.ts';
import type { Actor, CustomerSnapshot } from '../../../shared/contracts/common.ts';
import type { customerDataSchema, customerUpdateSchema, newCustomerSchema, newProductSchema } from '../../../shared/contracts/schemas.ts';
import { recordEvent } from '../../../shared/db/outbox.ts';
import { recordAudit, diff } from '../../../shared/db/audit.ts';
import { findForUpdate } from '../../../shared/db/lock.ts';
import { ConflictError, NotFoundError } from '../../../shared/errors.ts';
import { toAmountString } from '../../../shared/money.ts';
import { BASE_CURRENCY } from '../../../shared/currencies.ts';
import { CustomerEntity, ProductEntity, type CustomerRow, type ProductRow } from './entities.ts';

export type NewCustomer = z.infer<typeof newCustomerSchema>;
export type CustomerUpdate = z.infer<typeof customerUpdateSchema>;
export type CustomerData = z.infer<typeof customerDataSchema>;
export type NewProduct = z.infer<typeof newProductSchema>;

export function customerJson(c: CustomerRow): Customer {
  return {
    ...snapshotOf(c),
    type: c.type,
    country: c.billingAddress.country,
    language: c.language,
    currency: c.currency,
    paymentTermsDays: c.paymentTermsDays,
    creditLimit: c.creditLimit == null ? null : toAmountString(c.creditLimit, BASE_CURRENCY),
    priceAgreement: c.priceAgreement ?? null,
    tags: c.tags,
    assignee: c.assignee ?? null,
    leadSource: c.leadSource ?? null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    version: c.version,
  };
}

export function snapshotOf(c: CustomerRow): CustomerSnapshot {
  return { id: c.id, number: c.number, name: c.name, billingAddress: c.billingAddress, shippingAddress: c.shippingAddress, vatId: c.vatId ?? null, email: c.email ?? null };
}

export function productJson(p: ProductRow): Product {
  return {
    id: p.id, sku: p.sku, name: p.name, names: p.names, unit: p.unit, prices: p.prices, costPrices: p.costPrices, tiers: p.tiers,
    taxCategory: p.taxCategory, kind: p.kind, stocked: p.stocked, makeToOrder: p.makeToOrder, createdAt: p.createdAt.toISOString(),
  };
}

export async function createCustomer(tx: Em, input: NewCustomer, actor?: Actor, via = 'created'): Promise<Customer> {
  const [seq] = await tx.execute<{ n: string }[]>(`select nextval('customer_number_seq') as n`);
  const now = new Date();
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
    language: input.language,
    currency: input.currency,
    paymentTermsDays: input.paymentTermsDays,
    creditLimit: input.creditLimit ?? null,
    priceAgreement: input.priceAgreement ?? null,
    tags: input.tags,
    assignee: input.assignee ?? null,
    leadSource: input.leadSource ?? null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  });
  tx.persist(row);
  recordEvent(tx, 'events.quote.customer.created', { customerId: row.id, number: row.number, name: row.name });
  await tx.flush();
  await recordAudit(tx, { aggregateType: 'customer', aggregateId: row.number, action: via, actor, details: { customer: customerJson(row) } });
  return customerJson(row);
}

/** Changes a customer; the caller's version must be the current one, and the change is audited field by field. */
export async function updateCustomer(tx: Em, id: string, change: Omit<CustomerUpdate, 'expectedVersion'>, expectedVersion: number | undefined, actor?: Actor, via = 'updated'): Promise<Customer> {
  const row = await findForUpdate(tx, CustomerEntity, { id }, `customer ${id}`, expectedVersion);
  const before = customerJson(row);
  const fields = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) as Partial<CustomerRow>;
  tx.assign(row, fields);
  const after = customerJson(row);
  const changes = diff(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>);
  delete changes.updatedAt;
  if (Object.keys(changes).length === 0) return before;
  row.updatedAt = new Date();
  recordEvent(tx, 'events.quote.customer.updated', { customerId: row.id, number: row.number, fields: Object.keys(changes) });
  await tx.flush();
  await recordAudit(tx, { aggregateType: 'customer', aggregateId: row.number, action: via, actor, details: { changes } });
  return customerJson(row);
}

/**
 * Billing data that arrives with a quote or order: a known customer (by
 * number, VAT ID or e-mail) is updated with it, an unknown one is created.
 * Either way the audit trail says it came from a document.
 */
export async function upsertCustomerFromDocument(tx: Em, data: CustomerData, actor?: Actor): Promise<CustomerRow> {
  const known = data.number
    ? await tx.findOne(CustomerEntity, { number: data.number })
    : (data.vatId ? await tx.findOne(CustomerEntity, { vatId: data.vatId }) : null) ?? (data.email ? await tx.findOne(CustomerEntity, { email: data.email }) : null);
  if (data.number && !known) throw new NotFoundError(`customer ${data.number} not found`, 'customer.number');
  if (known) {
    await updateCustomer(tx, known.id, {
      name: data.name, type: data.type, billingAddress: data.billingAddress,
      ...(data.shippingAddress ? { shippingAddress: data.shippingAddress } : {}),
      ...(data.vatId !== undefined ? { vatId: data.vatId } : {}),
      ...(data.email !== undefined ? { email: data.email } : {}),
      ...(data.language ? { language: data.language } : {}),
    }, undefined, actor, 'updated_from_document');
    return known;
  }
  const created = await createCustomer(tx, {
    name: data.name, type: data.type, billingAddress: data.billingAddress, shippingAddress: data.shippingAddress,
    vatId: data.vatId ?? undefined, email: data.email ?? undefined, language: data.language ?? 'de', currency: 'EUR',
    paymentTermsDays: 14, tags: [],
  }, actor, 'created_from_document');
  return (await tx.findOne(CustomerEntity, { id: created.id }))!;
}

export async function createProduct(tx: Em, input: NewProduct, actor?: Actor): Promise<Product> {
  if (await tx.findOne(ProductEntity, { sku: input.sku })) throw new ConflictError(`a product with SKU ${input.sku} exists`, 'duplicate_sku');
  const row = tx.create(ProductEntity, {
    id: `prd_${randomUUID()}`,
    sku: input.sku,
    name: input.names?.de ?? input.name,
    names: { de: input.names?.de ?? input.name, en: input.names?.en ?? input.name },
    unit: input.unit,
    prices: input.prices,
    costPrices: input.costPrices ?? {},
    tiers: input.tiers ?? [],
    taxCategory: input.taxCategory,
    kind: input.kind,
    // Services are never stocked; goods are unless made to order.
    stocked: input.stocked ?? (input.kind === 'goods' && !input.makeToOrder),
    makeToOrder: input.makeToOrder,
    createdAt: new Date(),
  });
  tx.persist(row);
  recordEvent(tx, 'events.quote.product.created', { productId: row.id, sku: row.sku });
  await tx.flush();
  await recordAudit(tx, { aggregateType: 'product', aggregateId: row.sku, action: 'created', actor, details: { product: productJson(row) } });
  return productJson(row);
}

export async function getCustomer(em: Em, id: string): Promise<Customer> {
  const row = await em.findOne(CustomerEntity, id.startsWith('K-') ? { number: id } : { id });
  if (!row) throw new NotFoundError(`customer ${id} not found`, 'id');
  return customerJson(row);
}

export async function getProduct(em: Em, idOrSku: string): Promise<Product> {
  const row = await em.findOne(ProductEntity, { $or: [{ id: idOrSku }, { sku: idOrSku }] });
  if (!row) throw new NotFoundError(`product ${idOrSku} not found`, 'id');
  return productJson(row);
}
