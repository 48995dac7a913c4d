import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Em } from '../../../shared/db/orm.ts';
import type { Customer, Product } from '../../../shared/contracts/quote/index.ts';
import type { Actor, CustomerSnapshot } from '../../../shared/contracts/common.ts';
import type { customerDataSchema, customerUpdateSchema, newCustomerSchema, newProductSchema } from '../../../shared/contracts/quote/index.ts';
import { recordEvent } from '../../../shared/db/outbox.ts';
import { CustomerCreated, CustomerUpdated, ProductCreated } from '../../../shared/contracts/quote/events.ts';
import { recordAudit, diff } from '../../../shared/db/audit.ts';
import { findForUpdate } from '../../../shared/db/lock.ts';
import { ConflictError, DomainError, NotFoundError, ValidationError } from '../../../shared/errors.ts';
import { toAmountString } from '../../../shared/money.ts';
import { BASE_CURRENCY } from '../../../shared/currencies.ts';
import { compactVatId } from '../../../shared/vat-id.ts';
// The seller configuration is read where documents are printed; the same SELLER_* variables apply here.
import { sellerFromEnv } from '../../../shared/seller.ts';
import { CustomerEntity, ProductEntity, type CustomerRow, type ProductRow } from './entities.ts';
import { sameParty } from './domain/party-match.ts';
import type { EInvoiceSettings } from '../../../shared/einvoice.ts';
import { skontoTermsProblem } from '../../../shared/contracts/payment-terms.ts';

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
    earlyPaymentDiscount: c.earlyPaymentDiscount ?? null,
    invoiceOnShipment: c.invoiceOnShipment,
    creditLimit: c.creditLimit == null ? null : toAmountString(c.creditLimit, BASE_CURRENCY),
    priceAgreement: c.priceAgreement ?? null,
    tags: c.tags,
    assignee: c.assignee ?? null,
    leadSource: c.leadSource ?? null,
    einvoice: c.einvoice ?? null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    version: c.version,
  };
}

export function snapshotOf(c: CustomerRow): CustomerSnapshot {
  return {
    id: c.id,
    number: c.number,
    name: c.name,
    billingAddress: c.billingAddress,
    shippingAddress: c.shippingAddress,
    vatId: c.vatId ?? null,
    email: c.email ?? null,
    language: c.language,
  };
}

export function productJson(p: ProductRow): Product {
  return {
    id: p.id,
    sku: p.sku,
    name: p.name,
    names: p.names,
    unit: p.unit,
    prices: p.prices,
    costPrices: p.costPrices,
    tiers: p.tiers,
    taxCategory: p.taxCategory,
    kind: p.kind,
    stocked: p.stocked,
    makeToOrder: p.makeToOrder,
    createdAt: p.createdAt.toISOString(),
  };
}

export async function createCustomer(tx: Em, input: NewCustomer, actor?: Actor, via = 'created'): Promise<Customer> {
  refuseSellerVatId(input.vatId, 'vatId');
  refuseSkontoBeyondTerms(input.earlyPaymentDiscount, input.paymentTermsDays);
  refuseEInvoiceWithoutAddress(input.einvoice, input.email);
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
    earlyPaymentDiscount: input.earlyPaymentDiscount ?? null,
    invoiceOnShipment: input.invoiceOnShipment,
    creditLimit: input.creditLimit ?? null,
    priceAgreement: input.priceAgreement ?? null,
    tags: input.tags,
    assignee: input.assignee ?? null,
    leadSource: input.leadSource ?? null,
    einvoice: input.einvoice ?? null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  });
  tx.persist(row);
  recordEvent(tx, CustomerCreated, { customerId: row.id, number: row.number, name: row.name });
  await tx.flush();
  await recordAudit(tx, { aggregateType: 'customer', aggregateId: row.number, action: via, actor, details: { customer: customerJson(row) } });
  return customerJson(row);
}

/** Changes a customer; the caller's version must be the current one, and the change is audited field by field. */
export async function updateCustomer(
  tx: Em,
  id: string,
  change: Omit<CustomerUpdate, 'expectedVersion'>,
  expectedVersion: number | undefined,
  actor?: Actor,
  via = 'updated',
): Promise<Customer> {
  refuseSellerVatId(change.vatId, 'vatId');
  const row = await findForUpdate(tx, CustomerEntity, { id }, `customer ${id}`, expectedVersion);
  const before = customerJson(row);
  const fields = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) as Partial<CustomerRow>;
  tx.assign(row, fields);
  refuseSkontoBeyondTerms(row.earlyPaymentDiscount, row.paymentTermsDays);
  refuseEInvoiceWithoutAddress(row.einvoice, row.email);
  const after = customerJson(row);
  const changes = diff(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>);
  delete changes.updatedAt;
  if (Object.keys(changes).length === 0) return before;
  row.updatedAt = new Date();
  recordEvent(tx, CustomerUpdated, { customerId: row.id, number: row.number, fields: Object.keys(changes) });
  await tx.flush();
  await recordAudit(tx, { aggregateType: 'customer', aggregateId: row.number, action: via, actor, details: { changes } });
  return customerJson(row);
}

/** Skonto days within the net payment days, as the customer's terms stand after the change. */
export function refuseSkontoBeyondTerms(terms: { days: number } | null | undefined, paymentTermsDays: number): void {
  const problem = skontoTermsProblem(terms, paymentTermsDays);
  if (problem) throw new ValidationError(`invalid earlyPaymentDiscount.days: ${problem}`, [{ field: 'earlyPaymentDiscount.days', message: problem }]);
}

/**
 * An XRechnung needs the buyer's electronic address (BT-49): the setting's, or
 * the customer's e-mail. Checked as the customer stands after the change.
 */
function refuseEInvoiceWithoutAddress(einvoice: EInvoiceSettings | null | undefined, email: string | null | undefined): void {
  if (einvoice?.format.startsWith('xrechnung') && !einvoice.electronicAddress && !email) {
    const message = 'an XRechnung customer needs an electronic address (BT-49): give einvoice.electronicAddress or the customer e-mail';
    throw new ValidationError(message, [{ field: 'einvoice.electronicAddress', message }]);
  }
}

/** The seller's own VAT ID (SELLER_VAT_ID, as printed on every document) never belongs to a customer. */
const SELLER_VAT_ID = compactVatId(sellerFromEnv().vatId);

function refuseSellerVatId(vatId: string | null | undefined, field: string): void {
  if (vatId && compactVatId(vatId) === SELLER_VAT_ID) {
    throw new ValidationError(`${vatId} is the seller's own VAT ID`, [
      { field, message: `${vatId} is our own VAT ID (seller configuration), not a customer's` },
    ]);
  }
}

type MatchKey = 'number' | 'vatId' | 'email';

/** Known customers the billing data points at, by the first key that finds any. */
async function matchingCustomers(tx: Em, data: CustomerData): Promise<{ by: MatchKey; candidates: CustomerRow[] } | null> {
  if (data.number) {
    const candidates = await tx.find(CustomerEntity, { number: data.number });
    if (candidates.length === 0) throw new NotFoundError(`customer ${data.number} not found`, 'customer.number');
    return { by: 'number', candidates };
  }
  for (const by of ['vatId', 'email'] as const) {
    const value = data[by];
    if (!value) continue;
    const candidates = await tx.find(CustomerEntity, { [by]: value }, { orderBy: { number: 'asc' } });
    if (candidates.length > 0) return { by, candidates };
  }
  return null;
}

/**
 * The customer behind billing data that arrives with a quote or order: a
 * known one (by number, else VAT ID, else e-mail) is used as it is – the
 * document keeps the addresses it was given (see documentSnapshot), and only
 * an explicit customer update changes master data. A match under another name
 * is refused, since it means the number, VAT ID or e-mail belongs to a
 * different party. An unknown customer is created and audited as such.
 */
export async function customerFromDocument(tx: Em, data: CustomerData, actor?: Actor): Promise<{ customer: CustomerRow; matchedBy: MatchKey | null }> {
  refuseSellerVatId(data.vatId, 'customer.vatId');
  const match = await matchingCustomers(tx, data);
  if (match) {
    const same = match.candidates.find((c) => sameParty(c.name, data.name));
    if (same) return { customer: same, matchedBy: match.by };
    const other = match.candidates[0]!;
    const owner =
      match.by === 'number'
        ? `customer ${other.number} is`
        : `${match.by === 'vatId' ? `VAT ID ${data.vatId}` : `e-mail ${data.email}`} belongs to customer ${other.number}`;
    const message =
      `${owner} "${other.name}", not "${data.name}": to sell to ${other.number} send customerId ${other.id} (its own addresses apply), ` +
      `to change its master data use POST /api/v1/customers/${other.id} with expectedVersion, otherwise correct the billing data`;
    throw new DomainError(409, 'customer_mismatch', message, [{ field: 'customer.name', message }]);
  }
  const created = await createCustomer(
    tx,
    {
      name: data.name,
      type: data.type,
      billingAddress: data.billingAddress,
      shippingAddress: data.shippingAddress,
      vatId: data.vatId ?? undefined,
      email: data.email ?? undefined,
      language: data.language ?? 'de',
      currency: 'EUR',
      paymentTermsDays: 14,
      invoiceOnShipment: false,
      tags: [],
    },
    actor,
    'created_from_document',
  );
  return { customer: (await tx.findOne(CustomerEntity, { id: created.id }))!, matchedBy: null };
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
  recordEvent(tx, ProductCreated, { productId: row.id, sku: row.sku });
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
