import { runService } from '../../../shared/service-host.ts';
import { CustomerEntity, ProductEntity, QuoteEntity } from './entities.ts';
import { Migration0001Initial } from './migrations/Migration0001Initial.ts';
import { quoteEndpoints } from './endpoints.ts';

/** The quote service: customers, products and quotes (Angebote), in schema `quote`. */
await runService({
  name: 'quote',
  schema: 'quote',
  entities: [CustomerEntity, ProductEntity, QuoteEntity],
  migrations: [Migration0001Initial],
  endpoints: quoteEndpoints,
});
