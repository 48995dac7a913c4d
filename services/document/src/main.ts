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
import { Migration0009EInvoices } from './migrations/Migration0009EInvoices.ts';
import { Migration0010AskedFirst } from './migrations/Migration0010AskedFirst.ts';
import { archiveCustomerEInvoice, type EInvoiceDeps } from './einvoice/einvoice.service.ts';
import { archiveEndpoints } from './archive/endpoints.ts';
import { regenerateEndpoint } from './archive/regenerate.ts';
import { backfillAuditLog } from './archive/audit-log.ts';
import { documentEndpoints } from './endpoints.ts';
import { previewEndpoint } from './preview.ts';
import { quotePreviewEndpoint } from './quote-preview.ts';
import { renderAndStore } from './document.service.ts';
import { fetchForRender, isCounterSale } from './owners.ts';
import { PdfStore } from './pdf-store.ts';
import { PdfRenderer } from './pdf/renderer.ts';
import { enqueueRender, RenderDeferred, RenderLoop, renderJobConsumers } from './render-jobs.ts';
import { recordDeliveryNotice } from './delivery-notice.ts';
import { sellerFromEnv } from '../../../shared/seller.ts';
import { brandingFromEnv } from './branding.ts';
import { configureTemplates } from './templates.ts';
import { useBrandingInTemplateVersion } from './archive/template-version.ts';

/** How long a counter sale's receipt waits for its payment before it is printed unpaid. */
const RECEIPT_PAYMENT_WAIT_MS = 120_000;
/** How often a receipt waiting for its payment looks again. */
const RECEIPT_PAYMENT_POLL_MS = 1_000;

let renderer: PdfRenderer | undefined;
/** What the e-invoice side needs: the database, NATS (invoice and customer from their owners), the object store, the seller. */
const einvoiceDeps = (ctx: Pick<EInvoiceDeps, 'em' | 'nc'>): EInvoiceDeps => ({ em: ctx.em, nc: ctx.nc, store: () => store!, seller });
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
    Migration0009EInvoices,
    Migration0010AskedFirst,
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
      // The counter payment is booked right after the invoice: a receipt waits for it (looked at again every
      // RECEIPT_PAYMENT_POLL_MS, not backing off: on a busy machine the payment may come seconds later), so that it
      // says "Bar bezahlt" rather than asking for payment; after two minutes it prints the payment terms.
      if (req.kind === 'receipt' && req.document.status !== 'paid' && Date.now() - Date.parse(req.document.createdAt) < RECEIPT_PAYMENT_WAIT_MS)
        throw new RenderDeferred(`receipt ${req.document.number} waits for the counter payment`, RECEIPT_PAYMENT_POLL_MS);
      await renderAndStore(ctx.em(), renderer, store!, seller, req);
      // A counter sale's invoice is handed over as an 80 mm receipt as well (same number, same invoice).
      if (req.kind === 'invoice' && (await isCounterSale(ctx.nc, req.document))) {
        await enqueueRender(ctx.em(), { kind: 'receipt', number: req.document.number, revision: 1 });
        loop?.kick();
      }
      ctx.relay.kick();
      // The e-invoice in the customer's format joins the archive once the PDF it may embed is stored (einvoice/).
      // It reuses the invoice just read for the PDF instead of asking invoicing again.
      if (req.kind === 'invoice') await archiveCustomerEInvoice(einvoiceDeps(ctx), job.number, { invoice: req.document });
      else if (req.kind === 'cancellation' || req.kind === 'credit_note')
        await archiveCustomerEInvoice(einvoiceDeps(ctx), job.number, { invoice: req.document, corrected: req.invoice });
    });
    loop.start();
  },
  endpoints: (ctx) => [
    ...documentEndpoints(
      ctx,
      () => store!,
      () => loop?.kick(),
      () => einvoiceDeps(ctx),
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
    quotePreviewEndpoint(ctx, async (html) => (renderer ??= await PdfRenderer.launch()).render(html), seller),
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
