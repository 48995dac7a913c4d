import { runService } from '../../../shared/service-host.ts';
import { InvoiceEntity, PaymentEntity, RefundEntity } from './entities.ts';
import { Migration0001Initial } from './migrations/Migration0001Initial.ts';
import { Migration0002TaxNotes } from './migrations/Migration0002TaxNotes.ts';
import { Migration0003Corrections } from './migrations/Migration0003Corrections.ts';
import { Migration0004Payments } from './migrations/Migration0004Payments.ts';
import { Migration0005PlanBilling } from './migrations/Migration0005PlanBilling.ts';
import { Migration0006TimeEntries } from './migrations/Migration0006TimeEntries.ts';
import { Migration0007Dunning } from './migrations/Migration0007Dunning.ts';
import { Migration0008Subscriptions } from './migrations/Migration0008Subscriptions.ts';
import { Migration0009Drafts } from './migrations/Migration0009Drafts.ts';
import { Migration0010CombinedInvoices } from './migrations/Migration0010CombinedInvoices.ts';
import { Migration0011CreditNoteExcess } from './migrations/Migration0011CreditNoteExcess.ts';
import { Migration0012InvoicePeriod } from './migrations/Migration0012InvoicePeriod.ts';
import { TimeEntryEntity } from './time-entry.entities.ts';
import { returnCreditConsumer } from './return-credit.consumer.ts';
import { invoicingEndpoints } from './endpoints.ts';
import { connectEInvoiceGate } from './einvoice-gate.ts';

/** The invoicing service: invoices (Rechnungen), their corrections (Stornorechnungen, Rechnungskorrekturen), payments and refunds, in schema `invoicing`. */
await runService({
  name: 'invoicing',
  schema: 'invoicing',
  entities: [InvoiceEntity, PaymentEntity, RefundEntity, TimeEntryEntity],
  migrations: [
    Migration0001Initial,
    Migration0002TaxNotes,
    Migration0003Corrections,
    Migration0004Payments,
    Migration0005PlanBilling,
    Migration0006TimeEntries,
    Migration0007Dunning,
    Migration0008Subscriptions,
    Migration0009Drafts,
    Migration0010CombinedInvoices,
    Migration0011CreditNoteExcess,
    Migration0012InvoicePeriod,
  ],
  endpoints: invoicingEndpoints,
  consumers: [returnCreditConsumer],
  // Every issuing path asks the e-invoice gate (quote and document service) before it writes.
  onStart: async (ctx) => connectEInvoiceGate(ctx.nc),
});
