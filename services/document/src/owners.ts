import type { NatsConnection } from '@nats-io/transport-node';
import { call } from '../../../shared/nats/rpc.ts';
import { DomainError } from '../../../shared/errors.ts';
import type { DocumentKind, RenderRequest } from '../../../shared/contracts/document/index.ts';
import { QuoteCommands, type QuoteStatus } from '../../../shared/contracts/quote/index.ts';
import { OrderCommands } from '../../../shared/contracts/order/index.ts';
import { FulfillmentCommands, type DeliveryNote } from '../../../shared/contracts/fulfillment/index.ts';
import { DunningCommands, InvoicingCommands } from '../../../shared/contracts/invoicing/index.ts';
import { parseDocumentNumber } from '../../../shared/numbering.ts';

/*
 * The document service reads what it prints from the document's owner, by
 * number over request/reply: events only say that a document was issued.
 */

const KIND_BY_PREFIX: Readonly<Record<string, DocumentKind>> = {
  AN: 'quote',
  AB: 'order',
  LS: 'delivery_note',
  RE: 'invoice',
  MA: 'reminder',
  ST: 'cancellation',
  RK: 'credit_note',
};

export function kindOfNumber(number: string): DocumentKind | null {
  const parsed = parseDocumentNumber(number);
  return parsed ? (KIND_BY_PREFIX[parsed.prefix] ?? null) : null;
}

/** A quote revision is issued once it was sent; later states (accepted, expired, …) keep it issued. */
export const ISSUED_QUOTE: ReadonlySet<QuoteStatus> = new Set(['sent', 'accepted', 'rejected', 'expired', 'converted']);

/** The document's data for rendering: a quote at the given revision (its snapshot when superseded), anything else as it is now. */
export async function fetchForRender(nc: NatsConnection, kind: DocumentKind, number: string, revision: number): Promise<RenderRequest> {
  switch (kind) {
    case 'quote': {
      const current = await call(nc, QuoteCommands.get, { number });
      if (current.revision === revision) return { kind, document: current };
      const revisions = await call(nc, QuoteCommands.revisions, { number });
      const snapshot = revisions.find((q) => q.revision === revision);
      if (!snapshot) throw new Error(`quote ${number} has no revision ${revision}`);
      return { kind, document: snapshot };
    }
    case 'order':
      return { kind, document: await call(nc, OrderCommands.get, { number }) };
    case 'delivery_note':
      return { kind, document: asShipped(await call(nc, FulfillmentCommands.get, { number })) };
    case 'pick_list':
      return { kind, document: await call(nc, FulfillmentCommands.pickList, { number }) };
    case 'invoice':
    case 'receipt':
      return { kind, document: await call(nc, InvoicingCommands.get, { number }) };
    case 'cancellation':
    case 'credit_note': {
      // A correction prints the number and date of the invoice it corrects (§ 14 UStG, § 31 UStDV).
      const document = await call(nc, InvoicingCommands.get, { number });
      return { kind, document, invoice: await call(nc, InvoicingCommands.get, { number: document.refersTo! }) };
    }
    case 'reminder':
      return { kind, document: await call(nc, DunningCommands.getReminder, { number }) };
  }
}

/** A counter sale (order type cash_sale): its invoice is also handed over as an 80 mm receipt. */
export async function isCounterSale(nc: NatsConnection, invoice: { kind: string; orderNumber: string }): Promise<boolean> {
  if (invoice.kind !== 'invoice') return false;
  const order = await call(nc, OrderCommands.get, { number: invoice.orderNumber });
  return order.orderType === 'cash_sale';
}

/**
 * A delivery note is printed as it was issued, when it shipped: whether a
 * rendering delayed by an outage happens before or after the goods arrived must
 * not change what the document says.
 */
function asShipped(note: DeliveryNote): DeliveryNote {
  return { ...note, deliveredOn: null };
}

/**
 * The latest revision the owner has issued under this number and kind (null if
 * it knows none), for documents whose event is not here yet. A delivery note is
 * issued when it ships; its pick list when it is created.
 */
export async function issuedRevision(nc: NatsConnection, number: string, kind: DocumentKind): Promise<{ kind: DocumentKind; revision: number } | null> {
  const own = kindOfNumber(number);
  if (!own || (kind !== own && !(kind === 'pick_list' && own === 'delivery_note') && !(kind === 'receipt' && own === 'invoice'))) return null;
  try {
    if (kind === 'quote') {
      const q = await call(nc, QuoteCommands.get, { number });
      // Revision n+1 starts only from a sent (or expired) quote, so every earlier revision was issued.
      const revision = ISSUED_QUOTE.has(q.status) ? q.revision : q.revision - 1;
      return revision >= 1 ? { kind, revision } : null;
    }
    if (own === 'delivery_note') {
      const note = await call(nc, FulfillmentCommands.get, { number });
      return kind === 'pick_list' || note.status === 'shipped' ? { kind, revision: 1 } : null;
    }
    if (kind === 'receipt') return (await isCounterSale(nc, await call(nc, InvoicingCommands.get, { number }))) ? { kind, revision: 1 } : null;
    // Orders, invoices and corrections exist only as issued.
    if (kind === 'reminder') await call(nc, DunningCommands.getReminder, { number });
    else await call(nc, kind === 'order' ? OrderCommands.get : InvoicingCommands.get, { number });
    return { kind, revision: 1 };
  } catch (err) {
    if (err instanceof DomainError && err.status === 404) return null;
    throw err;
  }
}
