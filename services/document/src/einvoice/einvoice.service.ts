import { createHash } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Em } from '../../../../shared/db/orm.ts';
import { call } from '../../../../shared/nats/rpc.ts';
import { ConflictError, DomainError, NotFoundError } from '../../../../shared/errors.ts';
import { berlinDate } from '../../../../shared/dates.ts';
import type { Seller } from '../../../../shared/seller.ts';
import type { EInvoiceFormat, EInvoiceSettings } from '../../../../shared/einvoice.ts';
import { einvoiceObjectName, type DocumentKind, type EInvoiceStatus } from '../../../../shared/contracts/document/index.ts';
import { InvoicingCommands, type Invoice } from '../../../../shared/contracts/invoicing/index.ts';
import { QuoteCommands } from '../../../../shared/contracts/quote/index.ts';
import type { PdfStore } from '../pdf-store.ts';
import { einvoiceOf } from './from-invoice.ts';
import { checkBeforeIssue, produce } from './produce.ts';
import { EInvoiceRejected } from './gate/index.ts';
import { archiveEInvoice, findArchived } from './archive.ts';

export interface EInvoiceDeps {
  em: () => Em;
  nc: NatsConnection;
  store: () => PdfStore;
  seller: Seller;
}

const KINDS: ReadonlySet<string> = new Set(['invoice', 'cancellation', 'credit_note']);

/** An invoice (and the invoice a correction corrects) the caller has just read from its owner, e.g. to render its PDF. */
export interface KnownInvoice {
  invoice: Invoice;
  corrected?: Invoice | undefined;
}

/** The invoice (or correction, with the invoice it corrects) and its customer's e-invoice setting, read from their owners (or `known`, when the caller just read it). */
async function load(
  deps: EInvoiceDeps,
  number: string,
  known?: KnownInvoice,
): Promise<{ invoice: Invoice; corrected?: Invoice; settings: EInvoiceSettings; kind: DocumentKind }> {
  const invoice = known?.invoice.number === number ? known.invoice : await call(deps.nc, InvoicingCommands.get, { number });
  const kind = invoice.kind === 'cancellation' || invoice.kind === 'credit_note' ? invoice.kind : 'invoice';
  const corrected = invoice.refersTo
    ? known?.corrected?.number === invoice.refersTo
      ? known.corrected
      : await call(deps.nc, InvoicingCommands.get, { number: invoice.refersTo })
    : undefined;
  const customer = await call(deps.nc, QuoteCommands.customerGet, { id: invoice.customer.id });
  return { invoice, ...(corrected ? { corrected } : {}), settings: customer.einvoice ?? { format: 'none' }, kind };
}

/** The invoice's stored PDF (ZUGFeRD embeds the XML into exactly what was issued); 409 while it is not rendered yet. */
async function storedPdf(em: Em, number: string, kind: DocumentKind): Promise<Buffer> {
  const [row] = await em.execute<{ content: Buffer }[]>(`select content from stored_document where number = ? and kind = ? order by revision desc limit 1`, [
    number,
    kind,
  ]);
  if (!row) throw new ConflictError(`the PDF of ${number} is not rendered yet; the ZUGFeRD e-invoice embeds it`, 'pdf_not_ready');
  return row.content;
}

/** Generates and gates; a document the gate refuses answers 422 einvoice_invalid, one issue per broken rule. */
async function generateChecked(deps: EInvoiceDeps, loaded: Awaited<ReturnType<typeof load>>, format: EInvoiceFormat) {
  const model = einvoiceOf(loaded.invoice, { seller: deps.seller, settings: loaded.settings, ...(loaded.corrected ? { corrected: loaded.corrected } : {}) });
  const pdf = format === 'zugferd' ? await storedPdf(deps.em(), loaded.invoice.number, loaded.kind) : undefined;
  return produce(model, format, pdf).catch(refusal);
}

/** The gate's refusal as the caller sees it: 422 einvoice_invalid, one error per broken rule (field: the rule id). */
function refusal(err: unknown, message?: string): never {
  if (err instanceof EInvoiceRejected) {
    throw new DomainError(
      422,
      'einvoice_invalid',
      message ? `${message}: ${err.violations.map((v) => `${v.rule}: ${v.message}`).join('; ')}` : err.message,
      err.violations.map((v) => ({ field: v.rule, message: v.message })),
    );
  }
  throw err;
}

/**
 * The gate before issue (DocumentCommands.checkEInvoice): the document as the
 * invoicing service is about to issue it, in its customer's format as the
 * quote service has it now. Nothing is stored. A customer without e-invoice
 * answers at once; otherwise the XML is written and gated (checkBeforeIssue)
 * and a failure answers 422 einvoice_invalid naming every rule.
 */
export async function checkBeforeIssuing(
  deps: Pick<EInvoiceDeps, 'nc' | 'seller'>,
  input: { customerId: string; invoice: Invoice; corrected?: Invoice | undefined },
): Promise<{ format: EInvoiceFormat | 'none'; checked: boolean }> {
  const customer = await call(deps.nc, QuoteCommands.customerGet, { id: input.customerId });
  const settings: EInvoiceSettings = customer.einvoice ?? { format: 'none' };
  if (settings.format === 'none') return { format: 'none', checked: false };
  const format = settings.format;
  const what = `the ${format} e-invoice of this ${KIND_NAMES[input.invoice.kind] ?? 'invoice'} for ${customer.number} fails the validation gate; it is not issued`;
  let model;
  try {
    model = einvoiceOf(input.invoice, { seller: deps.seller, settings, ...(input.corrected ? { corrected: input.corrected } : {}) });
  } catch (err) {
    // The lines and VAT not adding up to the invoice's total (KONTOR-SUM) is a refusal like a broken rule.
    if (!/KONTOR-SUM/.test((err as Error).message)) throw err;
    throw new DomainError(422, 'einvoice_invalid', `${what}: ${(err as Error).message}`, [{ field: 'KONTOR-SUM', message: (err as Error).message }]);
  }
  await checkBeforeIssue(model, format).catch((err: unknown) => refusal(err, what));
  return { format, checked: true };
}

const KIND_NAMES: Readonly<Partial<Record<Invoice['kind'], string>>> = {
  cancellation: 'cancellation invoice',
  credit_note: 'credit note',
  down_payment: 'down-payment invoice',
  progress: 'progress invoice',
  final: 'final invoice',
};

/**
 * Archives the e-invoice of an issued invoice or correction in its customer's
 * format (nothing for `none`), after the gate passed it. Called by the render
 * loop once the PDF is stored; a refused document is not archived and the
 * job's last error names the rules.
 */
export async function archiveCustomerEInvoice(deps: EInvoiceDeps, number: string, known?: KnownInvoice): Promise<void> {
  const loaded = await load(deps, number, known);
  const format = loaded.settings.format;
  if (format === 'none' || (await findArchived(deps.em(), number, format))) return;
  const generated = await generateChecked(deps, loaded, format);
  await archiveEInvoice(deps.em(), deps.store(), {
    number,
    format,
    mimeType: generated.mimeType,
    bytes: generated.bytes,
    issued: berlinDate(new Date(loaded.invoice.createdAt)),
    kind: loaded.kind,
  });
}

/**
 * An invoice's e-invoice in a format (default: its customer's): the archived
 * one where there is one (in the customer's format, archived now if the render
 * loop has not yet), else generated, gated and served without archiving.
 */
export async function einvoiceFor(deps: EInvoiceDeps, number: string, asked: EInvoiceFormat | undefined): Promise<EInvoiceStatus> {
  const loaded = await load(deps, number);
  if (!KINDS.has(loaded.kind)) throw new NotFoundError(`${number} is no invoice`, 'number');
  const format = asked ?? (loaded.settings.format === 'none' ? undefined : loaded.settings.format);
  if (!format)
    throw new NotFoundError(`customer ${loaded.invoice.customer.number} receives no e-invoice (setting einvoice.format); ask for one with ?format=`, 'format');
  const archived = await findArchived(deps.em(), number, format);
  if (archived) return { ...archived, archived: true };
  if (format === loaded.settings.format) {
    await archiveCustomerEInvoice(deps, number);
    const now = await findArchived(deps.em(), number, format);
    if (now) return { ...now, archived: true };
  }
  const generated = await generateChecked(deps, loaded, format);
  const objectName = einvoiceObjectName(number, format, true);
  const sha256 = createHash('sha256').update(generated.bytes).digest('hex');
  await deps.store().ensure(objectName, generated.bytes, sha256);
  return {
    number,
    format,
    mimeType: generated.mimeType,
    sha256,
    size: generated.bytes.length,
    createdAt: new Date().toISOString(),
    objectName,
    archived: false,
  };
}
