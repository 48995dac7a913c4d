import { call, endpoint } from '../../../shared/nats/rpc.ts';
import type { ServiceContext } from '../../../shared/service-host.ts';
import { DocumentCommands } from '../../../shared/contracts/document/index.ts';
import { DraftCommands } from '../../../shared/contracts/invoicing/index.ts';
import { ConflictError } from '../../../shared/errors.ts';
import type { Seller } from '../../../shared/seller.ts';
import { buildViewModel } from './view-models.ts';
import { renderViewModel } from './templates.ts';

/**
 * The preview PDF of an invoice draft: what the invoice would say if issued
 * now, titled "Rechnungsentwurf", without a number and marked ENTWURF across
 * every page. Rendered on request and never archived: only issued documents are.
 */
export function previewEndpoint(ctx: ServiceContext, render: (html: string) => Promise<Buffer>, seller: Seller) {
  return endpoint(DocumentCommands.preview, async ({ draftId }) => {
    const draft = await call(ctx.nc, DraftCommands.get, { id: draftId });
    if (!draft.preview) throw new ConflictError(`invoice draft ${draftId} is ${draft.status}; its invoice is ${draft.invoiceNumber ?? 'none'}`, 'draft_closed');
    const vm = { ...buildViewModel({ kind: 'invoice', document: draft.preview }, seller), title: 'Rechnungsentwurf', draft: true };
    vm.meta = vm.meta.map((m) => (m.label === 'Rechnungs-Nr.' ? { ...m, value: 'Entwurf – noch keine Rechnung' } : m));
    const pdf = await render(renderViewModel(vm));
    return { pdfBase64: pdf.toString('base64'), filename: `Rechnungsentwurf-${draft.orderNumber}.pdf` };
  });
}
