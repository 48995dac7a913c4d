import { call, endpoint } from '../../../shared/nats/rpc.ts';
import type { ServiceContext } from '../../../shared/service-host.ts';
import { DocumentCommands } from '../../../shared/contracts/document/index.ts';
import { QuoteCommands } from '../../../shared/contracts/quote/index.ts';
import { ConflictError } from '../../../shared/errors.ts';
import type { Seller } from '../../../shared/seller.ts';
import { languageOf, type Lang } from './i18n.ts';
import { ISSUED_QUOTE } from './owners.ts';
import { buildViewModel } from './view-models.ts';
import { renderViewModel } from './templates.ts';

const WORDS: Record<Lang, { title: string; noNumber: string; file: string }> = {
  de: { title: 'Angebotsentwurf', noNumber: 'Entwurf – noch ohne Nummer', file: 'Angebotsentwurf' },
  en: { title: 'Draft quote', noNumber: 'Draft – no number yet', file: 'Draft-quote' },
};

/**
 * The draft PDF of a quote: a saved quote whose current revision was not sent yet (draft, waiting for
 * approval, approved), or the quote editor's unsaved content priced by the quote service. Titled
 * "Angebotsentwurf" and marked ENTWURF across every page; rendered on request and never archived, and
 * unsaved content takes no number (only a quote that is sent becomes a document).
 */
export function quotePreviewEndpoint(ctx: ServiceContext, render: (html: string) => Promise<Buffer>, seller: Seller) {
  return endpoint(DocumentCommands.quotePreview, async (input) => {
    const quote =
      'number' in input ? await call(ctx.nc, QuoteCommands.get, { number: input.number }) : await call(ctx.nc, QuoteCommands.previewDocument, input.content);
    if ('number' in input && ISSUED_QUOTE.has(quote.status as never))
      throw new ConflictError(
        `quote ${quote.number} revision ${quote.revision} is ${quote.status}; its PDF is the archived one at /documents/${quote.number}/pdf`,
        'quote_issued',
      );
    const words = WORDS[languageOf(quote.customer)];
    const vm = {
      ...buildViewModel({ kind: 'quote', document: { ...quote, number: quote.number || words.noNumber } }, seller),
      title: words.title,
      draft: true,
    };
    const pdf = await render(renderViewModel(vm));
    return { pdfBase64: pdf.toString('base64'), filename: `${words.file}-${quote.number || quote.customer.number}.pdf` };
  });
}
