import type { NatsConnection } from '@nats-io/transport-node';
import { call } from '../../../shared/nats/rpc.ts';
import { OrderCommands } from '../../../shared/contracts/order/index.ts';
import { FulfillmentCommands } from '../../../shared/contracts/fulfillment/index.ts';
import { InvoicingCommands } from '../../../shared/contracts/invoicing/index.ts';
import { setBounded } from './bounded-map.ts';

/** A document's number as its owner spells it, and the order it belongs to. */
export interface OrderLink {
  number: string;
  orderNumber: string;
}

/**
 * Which sale a step goes to. An order's sale, a delivery note's order and an invoice's order never change once the
 * document exists, so the gateway asks each owner at most once and also learns them from the documents its steps
 * answer (SalesClient.updateOnce). Before, every step on an order, a note or an invoice asked one or two owners
 * first: seven reads in a plain sale's eight steps, none now.
 * Only documents that exist are remembered (a 404 is asked again); the oldest are forgotten past `limit`.
 */
export class SaleRouting {
  readonly #owners: DocumentOwners;
  readonly #limit: number;
  readonly #saleOfOrder = new Map<string, string>();
  readonly #deliveryNotes = new Map<string, OrderLink>();
  readonly #invoices = new Map<string, OrderLink>();

  constructor(owners: DocumentOwners, limit = 20_000) {
    this.#owners = owners;
    this.#limit = limit;
  }

  /** Asks the owning services over NATS. */
  static overNats(nc: NatsConnection): SaleRouting {
    return new SaleRouting({
      order: (number) => call(nc, OrderCommands.get, { number }),
      deliveryNote: (number) => call(nc, FulfillmentCommands.get, { number }),
      invoice: (number) => call(nc, InvoicingCommands.get, { number }),
    });
  }

  /** The sale key of an order: its quote's number, or for a direct order the order's own. */
  async saleOfOrder(orderNumber: string): Promise<string> {
    return this.#saleOfOrder.get(orderNumber) ?? this.#learnOrder(orderNumber, await this.#owners.order(orderNumber));
  }

  async deliveryNote(number: string): Promise<OrderLink> {
    return this.#deliveryNotes.get(number) ?? this.#learnLink(this.#deliveryNotes, number, await this.#owners.deliveryNote(number));
  }

  async invoice(number: string): Promise<OrderLink> {
    return this.#invoices.get(number) ?? this.#learnLink(this.#invoices, number, await this.#owners.invoice(number));
  }

  /** Remembers what a step's answer tells: an order's sale, a delivery note's or an invoice's order. */
  learn(kind: 'quote' | 'order' | 'delivery_note' | 'invoice', document: StepDocument): void {
    if (kind === 'order') this.#learnOrder(document.number, document);
    else if (kind !== 'quote' && document.orderNumber) {
      this.#learnLink(kind === 'invoice' ? this.#invoices : this.#deliveryNotes, document.number, {
        number: document.number,
        orderNumber: document.orderNumber,
      });
    }
  }

  /** Under the number the caller used (a direct order's sale is keyed by the order number itself). */
  #learnOrder(asked: string, order: StepDocument): string {
    const sale = order.quoteNumber ?? order.number;
    setBounded(this.#saleOfOrder, asked, sale, this.#limit);
    return sale;
  }

  #learnLink(map: Map<string, OrderLink>, asked: string, doc: OrderLink): OrderLink {
    const link = { number: doc.number, orderNumber: doc.orderNumber };
    setBounded(map, asked, link, this.#limit);
    return link;
  }
}

/** Where the routing asks when it does not know: each document's owner, by number. */
export interface DocumentOwners {
  order(number: string): Promise<{ number: string; quoteNumber: string | null }>;
  deliveryNote(number: string): Promise<OrderLink>;
  invoice(number: string): Promise<OrderLink>;
}

/** What the routing reads of a document a step answers. */
interface StepDocument {
  number: string;
  quoteNumber?: string | null;
  orderNumber?: string | null;
}
