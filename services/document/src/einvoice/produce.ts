import { PDFDocument } from '@cantoo/pdf-lib';
import type { EInvoice, EInvoiceFormat } from './model.ts';
import { generate, type Generated } from './generate.ts';
import { checkRoundTrip, checkXml, EInvoiceRejected, type Violation } from './gate/index.ts';
import { checkHybridPdf } from './gate/pdf.ts';

/**
 * Generates an e-invoice and passes it through the validation gate: the XML's
 * rules (EN 16931, plus the XRechnung CIUS for XRechnung), what the library
 * dropped against the model (KONTOR-RT), and for ZUGFeRD the PDF/A-3 checks
 * and the gate again on the XML extracted from the PDF, which must be the
 * very XML generated. Throws EInvoiceRejected naming every broken rule.
 */
export async function produce(inv: EInvoice, format: EInvoiceFormat, pdf?: Uint8Array): Promise<Generated> {
  const generated = await generateOrRefuse(inv, format, pdf);
  const violations = xmlViolations(inv, format, generated.xml);
  if (format === 'zugferd') {
    const hybrid = await checkHybridPdf(generated.bytes);
    violations.push(...hybrid.violations);
    if (hybrid.xml !== undefined && hybrid.xml !== generated.xml)
      violations.push({ rule: 'KONTOR-PDFA-04', message: 'the XML embedded in the PDF is not the XML that passed the gate' });
  }
  if (violations.length) throw new EInvoiceRejected(inv.number, violations);
  return generated;
}

/** Writes the e-invoice; the library's refusal of missing input becomes EInvoiceRejected naming the rule. */
function generateOrRefuse(inv: EInvoice, format: EInvoiceFormat, pdf?: Uint8Array): Promise<Generated> {
  return generate(inv, format, pdf).catch((err: unknown) => {
    const refused = libraryRefusals(err);
    throw refused.length ? new EInvoiceRejected(inv.number, refused) : err;
  });
}

/** The XML's rules for the format's profile, and what the library dropped against the model. */
function xmlViolations(inv: EInvoice, format: EInvoiceFormat, xml: string): Violation[] {
  const { violations, read } = checkXml(xml, format === 'zugferd' ? 'en16931' : 'xrechnung');
  return read ? [...violations, ...checkRoundTrip(inv, read)] : violations;
}

let placeholder: Promise<Uint8Array> | undefined;

/** A blank one-page PDF for the library to embed a ZUGFeRD XML into while the invoice's own PDF does not exist yet. */
function placeholderPdf(): Promise<Uint8Array> {
  placeholder ??= PDFDocument.create().then(async (doc) => {
    doc.addPage();
    return doc.save();
  });
  return placeholder;
}

/**
 * The gate on the XML of a document that is not issued yet (no PDF exists):
 * the e-invoice is written in the format and its XML passes every rule of
 * produce(). For ZUGFeRD that is the CII the library embeds, written into a
 * placeholder PDF; the PDF/A-3 checks run later on the invoice's real PDF,
 * when the render loop archives it. Throws EInvoiceRejected naming every rule.
 */
export async function checkBeforeIssue(inv: EInvoice, format: EInvoiceFormat): Promise<void> {
  const generated = await generateOrRefuse(inv, format, format === 'zugferd' ? await placeholderPdf() : undefined);
  const violations = xmlViolations(inv, format, generated.xml);
  if (violations.length) throw new EInvoiceRejected(inv.number, violations);
}

/** Business terms the library's input schema insists on, by the property it names, with the rule that asks for them. */
const REQUIRED_TERMS: Readonly<Record<string, Violation>> = {
  'cac:AccountingCustomerParty/cac:Party cbc:EndpointID': {
    rule: 'PEPPOL-EN16931-R010 (BT-49)',
    message: "the buyer's electronic address (BT-49) is missing: give the customer an e-invoice address (einvoice.electronicAddress) or an e-mail",
  },
  'cac:AccountingSupplierParty/cac:Party cbc:EndpointID': {
    rule: 'PEPPOL-EN16931-R020 (BT-34)',
    message: "the seller's electronic address (BT-34) is missing: configure the seller's e-mail",
  },
};

/**
 * The library refuses input that misses something its profile requires (an
 * ajv error list) before writing any XML; that is the caller's data, not a
 * fault of ours, so it is answered as violations naming the rule.
 */
function libraryRefusals(err: unknown): Violation[] {
  const e = err as { validation?: boolean; errors?: { instancePath?: string; keyword?: string; params?: { missingProperty?: string }; message?: string }[] };
  if (!e?.validation || !Array.isArray(e.errors)) return [];
  return e.errors.map((x) => {
    const path = (x.instancePath ?? '').replace(/^\/ubl:(Invoice|CreditNote)\//, '');
    const missing = x.keyword === 'required' ? x.params?.missingProperty : undefined;
    const known = missing ? REQUIRED_TERMS[`${path} ${missing}`] : undefined;
    return known ?? { rule: 'KONTOR-INPUT', message: `${path || 'invoice'}: ${x.message ?? 'refused by the e-invoice writer'}` };
  });
}
