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
  const generated = await generate(inv, format, pdf);
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
