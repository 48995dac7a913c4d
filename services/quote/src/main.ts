import { runService } from '../../../shared/service-host.ts';
import { CustomerEntity, ProductEntity, QuoteEntity } from './entities.ts';
import { Migration0001Initial } from './migrations/Migration0001Initial.ts';
import { Migration0002CustomerProductDetails } from './migrations/Migration0002CustomerProductDetails.ts';
import { Migration0003QuoteLifecycle, Migration0004CustomerExposure } from './migrations/Migration0003QuoteLifecycle.ts';
import { Migration0005_skonto } from './migrations/Migration0005_skonto.ts';
import { Migration0006InvoiceOnShipment } from './migrations/Migration0006InvoiceOnShipment.ts';
import { Migration0007EInvoice } from './migrations/Migration0007EInvoice.ts';
import { exposureConsumer } from './exposure.ts';
import { noticeAuditConsumer } from './notice-audit.ts';
import { quoteEndpoints } from './endpoints.ts';

/** The quote service: customers, products and quotes (Angebote), in schema `quote`. */
await runService({
  name: 'quote',
  schema: 'quote',
  entities: [CustomerEntity, ProductEntity, QuoteEntity],
  migrations: [
    Migration0001Initial,
    Migration0002CustomerProductDetails,
    Migration0003QuoteLifecycle,
    Migration0004CustomerExposure,
    Migration0005_skonto,
    Migration0006InvoiceOnShipment,
    Migration0007EInvoice,
  ],
  consumers: [exposureConsumer, noticeAuditConsumer],
  endpoints: quoteEndpoints,
});
