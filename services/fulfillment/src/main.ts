import { runService } from '../../../shared/service-host.ts';
import { DeliveryNoteEntity } from './entities.ts';
import { Migration0001Initial } from './migrations/Migration0001Initial.ts';
import { fulfillmentEndpoints } from './endpoints.ts';

/** The fulfillment service: delivery notes (Lieferscheine) and shipping, in schema `fulfillment`. */
await runService({
  name: 'fulfillment',
  schema: 'fulfillment',
  entities: [DeliveryNoteEntity],
  migrations: [Migration0001Initial],
  endpoints: fulfillmentEndpoints,
});
