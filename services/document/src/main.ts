import { runService } from '../../../shared/service-host.ts';
import { StoredDocumentEntity } from './entities.ts';
import { Migration0001Initial } from './migrations/Migration0001Initial.ts';
import { Migration0002Revisions } from './migrations/Migration0002Revisions.ts';
import { documentEndpoints } from './endpoints.ts';
import { PdfRenderer } from './pdf/renderer.ts';
import { sellerFromEnv } from './seller.ts';

let renderer: PdfRenderer | undefined;
const seller = sellerFromEnv();

/** The document service: PDFs rendered from EJS by one warm Chromium, stored write-once, in schema `document`. */
await runService({
  name: 'document',
  schema: 'document',
  entities: [StoredDocumentEntity],
  migrations: [Migration0001Initial, Migration0002Revisions],
  onStart: async () => {
    renderer = await PdfRenderer.launch();
  },
  endpoints: (ctx) => documentEndpoints(ctx, () => renderer!, seller),
  onStop: async () => {
    await renderer?.close();
  },
});
