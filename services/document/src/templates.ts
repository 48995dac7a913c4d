import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ejs from 'ejs';
import type { DocumentKind, RenderRequest } from '../../../shared/contracts/document/index.ts';
import type { Seller } from '../../../shared/seller.ts';
import { buildViewModel } from './view-models.ts';
import type { ViewModel } from './view-models.ts';

/** Repository-level templates folder, found relative to this file so the working directory does not matter. */
const TEMPLATES_DIR = new URL('../../../templates/', import.meta.url);

const TEMPLATE_FILES: Readonly<Record<DocumentKind, string>> = {
  quote: 'quote/quote.ejs',
  order: 'order/order.ejs',
  delivery_note: 'delivery-note/delivery-note.ejs',
  invoice: 'invoice/invoice.ejs',
  pick_list: 'pick-list/pick-list.ejs',
  cancellation: 'cancellation/cancellation.ejs',
  credit_note: 'credit-note/credit-note.ejs',
  reminder: 'reminder/reminder.ejs',
};

type Compiled = (data: object) => string;

const compiled = new Map<string, Compiled>();
let styles: string | null = null;

/**
 * Compiles a template once per process. `cache: true` also caches the partials
 * that `include()` pulls in (EJS keys them by absolute filename); `_with: false`
 * keeps templates on an explicit `vm`/`page` object instead of a slow `with` block.
 */
function template(relative: string, localsName: string): Compiled {
  let fn = compiled.get(relative);
  if (!fn) {
    const filename = fileURLToPath(new URL(relative, TEMPLATES_DIR));
    fn = ejs.compile(readFileSync(filename, 'utf8'), {
      filename,
      cache: true,
      _with: false,
      localsName,
      strict: true,
    }) as Compiled;
    compiled.set(relative, fn);
  }
  return fn;
}

/** styles.css goes inline: the renderer is offline and blocks every request, so a <link> would never load. */
function stylesheet(): string {
  styles ??= readFileSync(new URL('styles.css', TEMPLATES_DIR), 'utf8');
  return styles;
}

/** Renders an already built view model to a complete, self-contained HTML page. */
export function renderViewModel(vm: ViewModel): string {
  const body = template(TEMPLATE_FILES[vm.kind], 'vm')(vm);
  // Rendered here, not included from layout.ejs: includes inherit the layout's `page` locals name.
  const footer = template('partials/footer.ejs', 'vm')(vm);
  return template('layout.ejs', 'page')({ vm, styles: stylesheet(), body, footer });
}

export function renderHtml(req: RenderRequest, seller: Seller): string {
  return renderViewModel(buildViewModel(req, seller));
}
