import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ejs from 'ejs';
import type { DocumentKind, RenderRequest } from '../../../shared/contracts/document/index.ts';
import type { Seller } from '../../../shared/seller.ts';
import { buildViewModel } from './view-models.ts';
import type { ViewModel } from './view-models.ts';
import { A4, type Paper } from './pdf/renderer.ts';
import { brandedStyles, NO_BRANDING, type Branding } from './branding.ts';

/** Repository-level templates folder, found relative to this file so the working directory does not matter. */
const BUILT_IN = fileURLToPath(new URL('../../../templates/', import.meta.url));

let branding: Branding = NO_BRANDING;
/** The folder templates are compiled from: the built-in one, or a merged copy with the overriding files on top. */
let root = BUILT_IN;

/**
 * Sets the branding (colour, font, logo, overriding template folder) for this
 * process. An overriding folder replaces built-in files one by one: both are
 * merged into a folder of their own once, so includes between templates and
 * partials resolve as usual whichever side a file comes from.
 */
export function configureTemplates(b: Branding): void {
  branding = b;
  // A merged folder of an earlier configuration is not needed any more.
  if (root !== BUILT_IN) rmSync(root, { recursive: true, force: true });
  root = BUILT_IN;
  if (b.templateDir) {
    root = mkdtempSync(join(tmpdir(), 'kontor-templates-'));
    cpSync(BUILT_IN, root, { recursive: true });
    cpSync(b.templateDir, root, { recursive: true, force: true });
  }
  compiled.clear();
  // EJS caches included partials by file name: forget them too, so a changed partial is read again.
  ejs.clearCache();
  styles = null;
  stylesWithoutEmoji = null;
}

const TEMPLATE_FILES: Readonly<Record<DocumentKind, string>> = {
  quote: 'quote/quote.ejs',
  order: 'order/order.ejs',
  delivery_note: 'delivery-note/delivery-note.ejs',
  invoice: 'invoice/invoice.ejs',
  pick_list: 'pick-list/pick-list.ejs',
  cancellation: 'cancellation/cancellation.ejs',
  credit_note: 'credit-note/credit-note.ejs',
  reminder: 'reminder/reminder.ejs',
  receipt: 'receipt/receipt.ejs',
};

type Compiled = (data: object) => string;

const compiled = new Map<string, Compiled>();
let styles: string | null = null;
let stylesWithoutEmoji: string | null = null;

/**
 * Compiles a template once per process. `cache: true` also caches the partials
 * that `include()` pulls in (EJS keys them by absolute filename); `_with: false`
 * keeps templates on an explicit `vm`/`page` object instead of a slow `with` block.
 */
function template(name: string, localsName: string): Compiled {
  let fn = compiled.get(name);
  if (!fn) {
    const filename = join(root, name);
    fn = ejs.compile(readFileSync(filename, 'utf8'), {
      filename,
      cache: true,
      _with: false,
      localsName,
      strict: true,
    }) as Compiled;
    compiled.set(name, fn);
  }
  return fn;
}

/** styles.css goes inline: the renderer is offline and blocks every request, so a <link> would never load. */
function stylesheet(): string {
  styles ??= brandedStyles(readFileSync(join(root, 'styles.css'), 'utf8'), branding);
  return styles;
}

/** The code points styles.css's "Kontor Emoji" face covers (its unicode-range). */
const EMOJI = /[\u200D\uFE0F\u{1F000}-\u{1FAFF}\u{E0020}-\u{E007F}]/u;
const EMOJI_FACE = /@font-face\s*\{[^}]*"Kontor Emoji"[^}]*\}/;

/**
 * The stylesheet a document needs: the colour-emoji face only where the text has an emoji. Chromium loads a
 * local() face for every new document whether or not a character uses it, and Noto Color Emoji is large: without
 * the face a PDF costs about a third less Chromium CPU (test/bench/pdf.ts's fixture invoice: 55 → 37 ms).
 */
function stylesheetFor(text: string): string {
  if (EMOJI.test(text)) return stylesheet();
  stylesWithoutEmoji ??= stylesheet().replace(EMOJI_FACE, '');
  return stylesWithoutEmoji;
}

/** Renders an already built view model to a complete, self-contained HTML page. */
export function renderViewModel(vm: ViewModel): string {
  if (branding.logo) vm = { ...vm, seller: { ...vm.seller, logo: branding.logo } };
  const body = template(TEMPLATE_FILES[vm.kind], 'vm')(vm);
  // Rendered here, not included from layout.ejs: includes inherit the layout's `page` locals name.
  // The receipt prints its footer lines at its end: a roll has no page bottom.
  const footer = vm.kind === 'receipt' ? '' : template('partials/footer.ejs', 'vm')(vm);
  return template('layout.ejs', 'page')({ vm, styles: stylesheetFor(body + footer), body, footer });
}

export function renderHtml(req: RenderRequest, seller: Seller): string {
  return renderViewModel(buildViewModel(req, seller));
}

/** 80 mm receipt paper; 4 mm margins all round, the length cut to the receipt. */
const ROLL_WIDTH = '80mm';
const ROLL_MARGIN = { top: '4mm', right: '4mm', bottom: '4mm', left: '4mm' };

/** The paper a document prints on: A4, or the receipt roll cut to the receipt's length. */
export function paperOf(vm: ViewModel): Paper {
  return vm.kind === 'receipt' ? { width: ROLL_WIDTH, height: `${vm.paperHeightMm}mm`, margin: ROLL_MARGIN } : A4;
}

/** A document's HTML and the paper it prints on. */
export function renderDocument(req: RenderRequest, seller: Seller): { html: string; paper: Paper } {
  const vm = buildViewModel(req, seller);
  return { html: renderViewModel(vm), paper: paperOf(vm) };
}
