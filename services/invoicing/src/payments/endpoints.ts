import { endpoint } from '../../../../shared/nats/rpc.ts';
import type { ServiceContext } from '../../../../shared/service-host.ts';
import { PaymentCommands } from '../../../../shared/contracts/invoicing/index.ts';
import { onceByKey } from '../../../../shared/db/idempotency.ts';
import { NotFoundError } from '../../../../shared/errors.ts';
import { creditAccount, refundCredit } from './credit.service.ts';
import { openItems } from './open-items.ts';
import { allCreditBalances, assignProviderPayment, openItemsOverview } from './accounting.ts';
import { findProviderPayment, listUnmatched, receiveProviderPayment, unmatchProviderPayment } from './provider.service.ts';

/** The invoicing service's NATS API for credit balances, open items and the provider's payments. */
export function paymentEndpoints(ctx: ServiceContext) {
  return [
    endpoint(PaymentCommands.credit, (input) => creditAccount(ctx.em(), input.customerId)),
    endpoint(PaymentCommands.refund, (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, PaymentCommands.refund.subject, (tx) =>
        refundCredit(tx, input.customerId, input.currency, input.amount, input.reference, input.actor),
      ),
    ),
    endpoint(PaymentCommands.openItems, (input) => openItems(ctx.em(), input.customerId)),
    endpoint(PaymentCommands.receive, (input) => ctx.em().transactional((tx) => receiveProviderPayment(tx, input))),
    endpoint(PaymentCommands.unmatch, (input) => ctx.em().transactional((tx) => unmatchProviderPayment(tx, input.eventId, input.reason))),
    endpoint(PaymentCommands.unmatched, (q) => listUnmatched(ctx.em(), q)),
    endpoint(PaymentCommands.openItemsOverview, (q) => openItemsOverview(ctx.em(), q)),
    endpoint(PaymentCommands.creditBalances, () => allCreditBalances(ctx.em())),
    endpoint(PaymentCommands.assign, (input) =>
      onceByKey(ctx.em(), input.idempotencyKey, PaymentCommands.assign.subject, (tx) =>
        assignProviderPayment(tx, input.eventId, input.invoiceNumber, input.actor),
      ),
    ),
    endpoint(PaymentCommands.providerGet, async (input) => {
      const found = await findProviderPayment(ctx.em(), input.eventId);
      if (!found) throw new NotFoundError(`provider payment ${input.eventId} not found`, 'eventId');
      return found;
    }),
  ];
}
