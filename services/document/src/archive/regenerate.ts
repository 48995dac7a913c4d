import { endpoint } from '../../../../shared/nats/rpc.ts';
import type { ServiceContext } from '../../../../shared/service-host.ts';
import { DocumentCommands } from '../../../../shared/contracts/document/index.ts';
import { NotFoundError } from '../../../../shared/errors.ts';
import type { Seller } from '../../../../shared/seller.ts';
import { regenerate } from '../document.service.ts';
import { fetchForRender, kindOfNumber } from '../owners.ts';
import type { PdfRenderer } from '../pdf/renderer.ts';
import type { PdfStore } from '../pdf-store.ts';
import { StoredDocumentEntity } from '../entities.ts';

/**
 * Regeneration of an issued document after a template change: the template
 * folders are read again from disk (`reloadTemplates`), so a changed template or
 * overriding folder takes effect without a restart, and the document is
 * rendered from its owner's data. A new template version stores a new version;
 * earlier versions stay, byte for byte.
 */
export function regenerateEndpoint(
  ctx: ServiceContext,
  renderer: () => Promise<PdfRenderer>,
  store: () => PdfStore,
  seller: Seller,
  reloadTemplates: () => void,
) {
  return endpoint(DocumentCommands.regenerate, async (input) => {
    const kind = input.kind ?? kindOfNumber(input.number);
    if (!kind) throw new NotFoundError(`no document ${input.number}`, 'number');
    const latest = await ctx
      .em()
      .findOne(
        StoredDocumentEntity,
        { number: input.number, kind, ...(input.revision ? { revision: input.revision } : {}) },
        { orderBy: { revision: 'desc', version: 'desc' } },
      );
    if (!latest) throw new NotFoundError(`${input.number} has no stored PDF to regenerate yet`, 'number');
    reloadTemplates();
    const req = await fetchForRender(ctx.nc, kind, input.number, latest.revision);
    return regenerate(ctx.em(), await renderer(), store(), seller, req);
  });
}
