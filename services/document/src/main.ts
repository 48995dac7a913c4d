import type { NatsConnection } from '@nats-io/transport-node';
import { runService } from '../../../shared/service-host.ts';
import { StoredDocumentEntity } from './entities.ts';
import { Migration0001Initial } from './migrations/Migration0001Initial.ts';
import { Migration0002Revisions } from './migrations/Migration0002Revisions.ts';
import { Migration0003RenderJobs } from './migrations/Migration0003RenderJobs.ts';
import { Migration0004Notifications } from './migrations/Migration0004Notifications.ts';
import { Migration0005PickLists } from './migrations/Migration0005PickLists.ts';
import { Migration0006Archive } from './migrations/Migration0006Archive.ts';
import { Migration0007Versions } from './migrations/Migration0007Versions.ts';
import { Migration0008BulkPrint } from './migrations/Migration0008BulkPrint.ts';
import { bulkPrintEndpoints } from './bulk-print.endpoints.ts';
import { failInterruptedBulkPrints } from './bulk-print.ts';
import { archiveEndpoints } from './archive/endpoints.ts';
import { regenerateEndpoint } from './archive/regenerate.ts';
import { backfillAuditLog } from './archive/audit-log.ts';
import { documentEndpoints } from './endpoints.ts';
import { previewEndpoint } from './preview.ts';
import { renderAndStore } from './document.service.ts';
import { fetchForRender, isCounterSale } from './owners.ts';
import { PdfStore } from './pdf-store.ts';
import { PdfRenderer } from './pdf/renderer.ts';
import { enqueueRender, RenderLoop, renderJobConsumers } from './render-jobs.ts';
import { recordDeliveryNotice } from './delivery-notice.ts';
import { sellerFromEnv } from '../../../shared/seller.ts';
import { brandingFromEnv } from './branding.ts';
import { configureTemplates } from './templates.ts';
import { useBrandingInTemplateVersion } from './archive/template-version.ts';

let renderer: PdfRenderer | undefined;
let store: PdfStore | undefined;
let loop: RenderLoop | undefined;
let nats: NatsConnection | undefined;
const seller = sellerFromEnv();
// Colour, font, logo and an overriding template folder from the environment; a bad setting stops the start with its name.
const branding = brandingFromEnv();
configureTemplates(branding);
useBrandingInTemplateVersion(branding);

/**
 * The document service: records notices (correspondence, the customer's delivery notice) and renders a document's PDF when it is issued (from the
 * owners' events, data read from the owner), retried until done; stores it
 * write-once in schema `document` and in the object store.
 */
await runService({
  name: 'document',
  schema: 'document',
  entities: [StoredDocumentEntity],
  migrations: [
    Migration0001Initial,
    Migration0002Revisions,
    Migration0003RenderJobs,
    Migration0004Notifications,
    Migration0005PickLists,
    Migration0006Archive,
    Migration0007Versions,
    Migration0008BulkPrint,
  ],
  // Consumers start after onStart: the delivery notice reads the shipped note over this connection.
  onStart: async (ctx) => {
    nats = ctx.nc;
    store = await PdfStore.open(ctx.nc);
    // Versions stored before the audit log existed join the chain once, oldest first.
    const backfilled = await backfillAuditLog(ctx.em());
    if (backfilled) console.log(`[document] audit log: appended ${backfilled} earlier stored versions`);
    const interrupted = await failInterruptedBulkPrints(ctx.em());
    if (interrupted) console.log(`[document] bulk print: ${interrupted} jobs interrupted by the last stop marked failed`);
    // Chromium may be missing or crash: the loop retries its jobs, so start without it and launch on demand.
    renderer = await PdfRenderer.launch().catch((err: unknown) => {
      console.error('[document] Chromium did not start; rendering will retry', err);
      return undefined;
    });
    loop = new RenderLoop(ctx.orm, async (job) => {
      renderer ??= await PdfRenderer.launch();
      const req = await fetchForRender(ctx.nc, job.kind, job.number, job.revision);
      await renderAndStore(ctx.em(), renderer, store!, seller, req);
      // A counter sale's invoice is handed over as an 80 mm receipt as well (same number, same invoice).
      if (req.kind === 'invoice' && (await isCounterSale(ctx.nc, req.document))) {
        await enqueueRender(ctx.em(), { kind: 'receipt', number: req.document.number, revision: 1 });
        loop?.kick();
      }
      ctx.relay.kick();
    });
    loop.start();
  },
  endpoints: (ctx) => [
    ...documentEndpoints(
      ctx,
      () => store!,
      () => loop?.kick(),
    ),
    ...archiveEndpoints(ctx, () => store),
    ...bulkPrintEndpoints(ctx, () => store!),
    regenerateEndpoint(
      ctx,
      async () => (renderer ??= await PdfRenderer.launch()),
      () => store!,
      seller,
      () => {
        configureTemplates(branding);
        useBrandingInTemplateVersion(branding);
      },
    ),
    // Previews render at once, on the same Chromium, and are never stored.
    previewEndpoint(ctx, async (html) => (renderer ??= await PdfRenderer.launch()).render(html), seller),
  ],
  consumers: renderJobConsumers(
    () => loop?.kick(),
    recordDeliveryNotice(() => nats!),
  ),
  onStop: async () => {
    await loop?.stop();
    await renderer?.close();
  },
});
