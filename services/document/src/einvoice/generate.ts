import { createRequire } from 'node:module';
import { FormatFactoryService, invoiceSchema, ValidationService, type Invoice as LibraryInvoice, type InvoiceServiceOptions } from '@e-invoice-eu/core';
import type { EInvoice, EInvoiceFormat } from './model.ts';
import { toUblJson } from './ubl-json.ts';
import { repairCii } from './post-process.ts';
import { finishHybrid } from './hybrid-pdf.ts';

/** The library's format names for ours. */
const LIBRARY_FORMAT: Readonly<Record<EInvoiceFormat, string>> = {
  'xrechnung-ubl': 'XRECHNUNG-UBL',
  'xrechnung-cii': 'XRECHNUNG-CII',
  zugferd: 'Factur-X-EN16931',
};

/** The library logs warnings through this; they go to the service log, never to the caller. */
const logger = {
  log: () => undefined,
  warn: (message: string) => console.warn(`[einvoice] ${message}`),
  error: (message: string) => console.error(`[einvoice] ${message}`),
};

type Validator = ((data: unknown) => boolean) & { errors?: unknown };
/** The JSON-schema validator the library itself validates its input with (its own ajv 8, not the one our tooling hoists). */
const Ajv2019 = createRequire(createRequire(import.meta.url).resolve('@e-invoice-eu/core'))('ajv/dist/2019').default as new (opts: object) => {
  compile(schema: object): Validator;
};

/**
 * The library's InvoiceService.generate, with one difference: it compiled its
 * input schema anew on every call (about a second under load, most of an
 * invoice's cost); here each format's validator is compiled once and reused.
 * Same steps otherwise: validate with defaults filled in, fill the format's
 * defaults, write.
 */
class InvoiceWriter {
  readonly #formats = new FormatFactoryService();
  readonly #validation = new ValidationService(logger);
  readonly #validators = new Map<string, Validator>();

  async generate(input: LibraryInvoice, options: InvoiceServiceOptions): Promise<string | Uint8Array> {
    const formatter = this.#formats.createFormatService(options.format, logger);
    const format = this.#formats.normalizeFormat(options.format);
    let validator = this.#validators.get(format);
    if (!validator) {
      const schema = structuredClone(invoiceSchema);
      formatter.patchSchema(schema);
      validator = new Ajv2019({ strict: true, allErrors: true, useDefaults: true }).compile(schema);
      this.#validators.set(format, validator);
    }
    const invoice = this.#validation.validate<LibraryInvoice>('invoice data', validator as never, structuredClone(input));
    formatter.fillInvoiceDefaults(invoice);
    return formatter.generate(invoice, { ...options, format });
  }
}

let service: InvoiceWriter | undefined;

/** A generated e-invoice: XML (XRechnung) or a PDF/A-3 with the XML embedded (ZUGFeRD), and the XML alone. */
export interface Generated {
  format: EInvoiceFormat;
  bytes: Buffer;
  mimeType: 'application/xml' | 'application/pdf';
  xml: string;
}

/**
 * Writes an invoice in one format with @e-invoice-eu/core and repairs what
 * the library is known to drop or get wrong (post-process.ts). ZUGFeRD needs
 * the invoice's PDF (the archived one): the CII is embedded into it as
 * factur-x.xml. Nothing returned here is checked yet: the gate does that.
 */
export async function generate(inv: EInvoice, format: EInvoiceFormat, pdf?: Uint8Array): Promise<Generated> {
  service ??= new InvoiceWriter();
  const input = toUblJson(inv) as unknown as LibraryInvoice;
  if (format !== 'zugferd') {
    const raw = await service.generate(input, { format: LIBRARY_FORMAT[format], lang: 'de', noWarnings: true });
    const xml = typeof raw === 'string' ? raw : Buffer.from(raw).toString('utf8');
    const fixed = format === 'xrechnung-cii' ? repairCii(xml, inv) : xml;
    return { format, bytes: Buffer.from(fixed, 'utf8'), mimeType: 'application/xml', xml: fixed };
  }
  if (!pdf) throw new Error('a ZUGFeRD e-invoice needs the invoice PDF');
  const raw = await service.generate(input, {
    format: LIBRARY_FORMAT.zugferd,
    lang: 'de',
    noWarnings: true,
    pdf: { buffer: pdf, filename: `${inv.number}.pdf`, mimetype: 'application/pdf' },
  });
  // The library embeds the CII as it wrote it; the repaired one takes its place.
  const hybrid = await finishHybrid(typeof raw === 'string' ? Buffer.from(raw, 'binary') : raw, (xml) => repairCii(xml, inv));
  return { format, bytes: hybrid.pdf, mimeType: 'application/pdf', xml: hybrid.xml };
}
