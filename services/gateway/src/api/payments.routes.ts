import { Decimal } from 'decimal.js';
import type { NatsConnection } from '@nats-io/transport-node';
import { call } from '../../../../shared/nats/rpc.ts';
import { QuoteCommands } from '../../../../shared/contracts/quote/index.ts';
import {
  InvoicingCommands,
  PaymentCommands,
  creditApplySchema,
  creditRefundSchema,
  assignPaymentBody,
  openItemsOverviewQuery,
  providerPaymentEventSchema,
  unmatchedListQuery,
  type ProviderPayment,
} from '../../../../shared/contracts/invoicing/index.ts';
import { recordPaymentUpdate } from '../../../../workflows/src/sale.contract.ts';
import { DomainError, ValidationError } from '../../../../shared/errors.ts';
import type { SalesClient } from '../sales-client.ts';
import { route, type Route, type RouteAuth } from '../http/routes.ts';
import { command } from './common.ts';
import type { Principal } from '../auth/api-keys.ts';
import { DEFAULT_TOLERANCE_SECONDS, SIGNATURE_HEADER, rawBodyOf, verifySignature } from '../http/webhook-signature.ts';

const READERS = ['accounting', 'sales', 'sales_manager'] as const;

/** The principal a verified provider call acts as: it books payments, as accounting does. */
const PROVIDER = { id: 'payment-provider', role: 'accounting' as const };

/** The shared secret of the payment provider's webhook; deploy/up.sh generates one per instance. */
export function webhookSecret(): string | undefined {
  return process.env.KONTOR_PAYMENT_WEBHOOK_SECRET || undefined;
}

/** HMAC authentication of the webhook: a bad, missing or stale signature is refused with 401 before anything is read or written. */
export function webhookAuth(secret: () => string | undefined = webhookSecret, now: () => number = () => Math.floor(Date.now() / 1000)): RouteAuth {
  return {
    scheme: 'webhookSignature',
    securityScheme: {
      type: 'apiKey',
      in: 'header',
      name: SIGNATURE_HEADER,
      description:
        `No API key: the payment provider signs each call with the shared secret KONTOR_PAYMENT_WEBHOOK_SECRET. ` +
        `Header ${SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">; ` +
        `a timestamp more than ${DEFAULT_TOLERANCE_SECONDS} s from now, or a wrong signature, answers 401 and records nothing.`,
    },
    authenticate: async (req) => {
      const key = secret();
      if (!key) throw new DomainError(503, 'webhook_not_configured', 'the payment webhook has no shared secret (KONTOR_PAYMENT_WEBHOOK_SECRET)');
      const problem = verifySignature(key, req.header(SIGNATURE_HEADER), rawBodyOf(req), now());
      if (problem) {
        const message = {
          missing_signature: `send ${SIGNATURE_HEADER}: t=<unix>,v1=<hex>`,
          malformed_signature: `${SIGNATURE_HEADER} must read t=<unix>,v1=<64 hex digits>`,
          timestamp_out_of_tolerance: `the timestamp is more than ${DEFAULT_TOLERANCE_SECONDS} s away from now`,
          invalid_signature: 'the signature does not match the body',
        }[problem];
        throw new DomainError(401, problem, `webhook refused: ${message}`, [{ field: SIGNATURE_HEADER, message }]);
      }
      return PROVIDER;
    },
  };
}

/**
 * Payments beyond one invoice: a customer's credit balance (over-payments) and its use and refund,
 * open items, the payment provider's webhook and the payments it could not match. Payments that
 * land on an invoice go through the sale's recordPayment Update, like `POST /invoices/{number}/payments`.
 */
export function paymentRoutes(nc: NatsConnection, sales: SalesClient, auth: RouteAuth = webhookAuth()): Route[] {
  const saleOfOrder = (orderNumber: string) => sales.routing.saleOfOrder(orderNumber);
  const customer = (id: string) => call(nc, QuoteCommands.customerGet, { id });
  /** Books a matched provider payment through the sale (keyed by its event, so a repeat attaches to the first Update); a refusal keeps it unmatched. */
  const book = async (received: ProviderPayment, actor: Principal, updateId = `payment-event:${received.eventId}`): Promise<ProviderPayment> => {
    const invoice = await call(nc, InvoicingCommands.get, { number: received.invoiceNumber! });
    try {
      // The same path as a REST payment, keyed by the event: a repeat attaches to the first Update, and
      // the invoicing service books the event once (it marks it booked with the payment).
      await sales.updateOnce(updateId, await saleOfOrder(invoice.orderNumber), recordPaymentUpdate, {
        invoiceNumber: invoice.number,
        amount: received.amount,
        receivedAt: received.receivedAt,
        reference: received.reference,
        providerEventId: received.eventId,
        actor,
      });
    } catch (err) {
      // The sale refused it (the invoice was paid or cancelled meanwhile, the sale is closed): keep the money for accounting.
      if (err instanceof DomainError && err.status >= 400 && err.status < 500) {
        return call(nc, PaymentCommands.unmatch, { eventId: received.eventId, reason: `${err.code}: ${err.message}`.slice(0, 500) });
      }
      throw err;
    }
    return call(nc, PaymentCommands.providerGet, { eventId: received.eventId });
  };

  return [
    route({
      method: 'get',
      path: '/customers/{id}/credit',
      tag: 'Payments',
      summary: "A customer's credit balance per currency and its ledger",
      roles: READERS,
      handler: async ({ params }) => call(nc, PaymentCommands.credit, { customerId: (await customer(params.id)).id }),
    }),
    route({
      method: 'post',
      path: '/customers/{id}/credit/apply',
      tag: 'Payments',
      summary: 'Use credit balance as a payment on an invoice of the customer',
      roles: ['accounting'],
      body: creditApplySchema,
      status: 201,
      handler: async ({ params, body, actor, idempotencyKey }) => {
        const c = await customer(params.id);
        const invoice = await call(nc, InvoicingCommands.get, { number: body.invoiceNumber });
        if (invoice.customer.id !== c.id) {
          throw new ValidationError(`invoice ${invoice.number} is not one of customer ${c.number}`, [
            { field: 'invoiceNumber', message: `belongs to customer ${invoice.customer.number}` },
          ]);
        }
        let amount = body.amount;
        if (amount === undefined) {
          const account = await call(nc, PaymentCommands.credit, { customerId: c.id });
          const balance = new Decimal(account.balances.find((b) => b.currency === invoice.currency)?.balance ?? 0);
          const usable = Decimal.min(balance, invoice.openAmount);
          if (usable.lte(0)) {
            const message = balance.lte(0) ? `no credit balance in ${invoice.currency}` : `invoice ${invoice.number} has nothing open`;
            throw new DomainError(409, balance.lte(0) ? 'no_credit_balance' : 'nothing_open', message, [{ field: 'amount', message }]);
          }
          amount = usable.toString();
        }
        return sales.updateOnce(idempotencyKey, await saleOfOrder(invoice.orderNumber), recordPaymentUpdate, {
          invoiceNumber: invoice.number,
          amount,
          kind: 'credit',
          reference: `Guthaben ${c.number}`,
          actor,
        });
      },
    }),
    route({
      method: 'post',
      path: '/customers/{id}/credit/refunds',
      tag: 'Payments',
      summary: 'Refund credit balance to the customer',
      roles: ['accounting'],
      body: creditRefundSchema,
      status: 201,
      handler: async ({ params, body, actor, idempotencyKey }) =>
        call(nc, PaymentCommands.refund, command({ ...body, customerId: (await customer(params.id)).id }, { idempotencyKey, actor })),
    }),
    route({
      method: 'get',
      path: '/customers/{id}/open-items',
      tag: 'Payments',
      summary: "A customer's open items: open invoices with due date, days overdue and Skonto, and the credit balance",
      roles: READERS,
      handler: async ({ params }) => call(nc, PaymentCommands.openItems, { customerId: (await customer(params.id)).id }),
    }),
    route({
      method: 'get',
      path: '/payments/unmatched',
      tag: 'Payments',
      summary: 'Payments the provider reported that match no payable invoice',
      roles: ['accounting'],
      query: unmatchedListQuery,
      handler: ({ query }) => call(nc, PaymentCommands.unmatched, query),
    }),
    route({
      method: 'post',
      path: '/webhooks/payments',
      tag: 'Payments',
      summary: 'Payment provider webhook: a payment received',
      roles: ['accounting'],
      auth,
      body: providerPaymentEventSchema,
      handler: async ({ body, actor }): Promise<ProviderPayment> => {
        // Recorded once per event id (a repeat answers the record as it stands), matched by the invoice number in the reference.
        const received = await call(nc, PaymentCommands.receive, { eventId: body.id, ...body.data });
        if (received.status !== 'matched') return received;
        return book(received, actor);
      },
    }),
    route({
      method: 'post',
      path: '/payments/unmatched/{eventId}/match',
      tag: 'Payments',
      summary:
        'Match an unmatched provider payment to an invoice by hand and book it through the sale like a webhook payment (422 naming invoiceNumber for another currency or an unknown invoice, 409 for a paid or cancelled one)',
      roles: ['accounting'],
      body: assignPaymentBody,
      handler: async ({ params, body, actor, idempotencyKey }) =>
        // Its own Update ID per invoice chosen: an earlier attempt the sale refused under the webhook's ID must not answer for this one.
        book(
          await call(nc, PaymentCommands.assign, command({ eventId: params.eventId, ...body }, { idempotencyKey, actor })),
          actor,
          `payment-event:${params.eventId}:match:${body.invoiceNumber}`,
        ),
    }),
    route({
      method: 'get',
      path: '/open-items',
      tag: 'Payments',
      summary: 'Open items across customers: per customer and currency the open and overdue amounts, oldest due date, most overdue first',
      roles: READERS,
      query: openItemsOverviewQuery,
      handler: ({ query }) => call(nc, PaymentCommands.openItemsOverview, query),
    }),
    route({
      method: 'get',
      path: '/credit-balances',
      tag: 'Payments',
      summary: 'Customers with a credit balance (over-payments to apply or refund), largest first',
      roles: ['accounting'],
      handler: () => call(nc, PaymentCommands.creditBalances, {}),
    }),
  ];
}
