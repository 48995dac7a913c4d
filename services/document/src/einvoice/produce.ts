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
  const generated = await generate(inv, format, pdf).catch((err: unknown) => {
    const refused = libraryRefusals(err);
    throw refused.length ? new EInvoiceRejected(inv.number, refused) : err;
  });
  const violations: Violation[] = [];
  const { violations: xmlViolations, read } = checkXml(generated.xml, format === 'zugferd' ? 'en16931' : 'xrechnung');
  violations.push(...xmlViolations);
  if (read) violations.push(...checkRoundTrip(inv, read));
  if (format === 'zugferd') {
    const hybrid = await checkHybridPdf(generated.bytes);
    violations.push(...hybrid.violations);
    if (hybrid.xml !== undefined && hybrid.xml !== generated.xml)
      violations.push({ rule: 'KONTOR-PDFA-04', message: 'the XML embedded in the PDF is not the XML that passed the gate' });
  }
  if (violations.length) throw new EInvoiceRejected(inv.number, violations);
  return generated;
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
