import { z } from 'zod';

/**
 * E-invoice settings of a customer (quote service: master data; document
 * service: which format an issued invoice is archived in). Shared because
 * both validate and read the same setting.
 */

/** none: PDF only; XRechnung 3.0 in UBL or CII; ZUGFeRD / Factur-X EN 16931 (PDF/A-3 with the CII embedded). */
export const EINVOICE_FORMATS = ['xrechnung-ubl', 'xrechnung-cii', 'zugferd'] as const;
export type EInvoiceFormat = (typeof EINVOICE_FORMATS)[number];

/** EAS electronic address schemes (BT-34/BT-49) a German invoice uses: e-mail, Leitweg-ID, GLN, Peppol and VAT IDs. */
export const EAS_SCHEMES: ReadonlySet<string> = new Set([
  'EM',
  '0204',
  '0088',
  '0060',
  '0208',
  '0007',
  '0192',
  '0196',
  '9930',
  '9925',
  '9906',
  '9957',
  '0009',
  '0002',
]);

/**
 * A Leitweg-ID (XRechnung buyer reference of public buyers): coarse address
 * (2–12 digits), optional fine address (up to 30 letters/digits), and two
 * check digits by ISO 7064 mod 97-10 over the rest (letters as 10–35).
 */
export function isLeitwegId(value: string): boolean {
  const m = /^(\d{2,12})(?:-([A-Za-z0-9]{1,30}))?-(\d{2})$/.exec(value);
  if (!m) return false;
  const body = (m[1]! + (m[2] ?? '')).toUpperCase().replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const d of body + m[3]!) rest = (rest * 10 + Number(d)) % 97;
  return rest === 1;
}

const noControl = (s: string) => !/[\p{Cc}]/u.test(s);

/**
 * The setting: `format`, the buyer reference (BT-10; the Leitweg-ID of a public
 * buyer) and the buyer's electronic address (BT-49; the customer's e-mail with
 * scheme EM when absent). An electronic address with scheme 0204 must be a
 * Leitweg-ID (check digits), one with scheme EM an e-mail address.
 */
export const einvoiceSettingsSchema = z
  .object({
    format: z.enum(['none', ...EINVOICE_FORMATS]),
    buyerReference: z.string().trim().min(1).max(200).refine(noControl, 'must not contain control characters').nullable().optional(),
    electronicAddress: z
      .object({
        scheme: z.string().refine((s) => EAS_SCHEMES.has(s), `must be an EAS scheme: ${[...EAS_SCHEMES].join(', ')}`),
        value: z.string().trim().min(1).max(200).refine(noControl, 'must not contain control characters'),
      })
      .nullable()
      .optional(),
  })
  .superRefine((s, ctx) => {
    const address = s.electronicAddress;
    if (address?.scheme === '0204' && !isLeitwegId(address.value)) {
      ctx.addIssue({ code: 'custom', path: ['electronicAddress', 'value'], message: 'must be a Leitweg-ID with valid check digits (scheme 0204)' });
    }
    if (address?.scheme === 'EM' && !z.email().safeParse(address.value).success) {
      ctx.addIssue({ code: 'custom', path: ['electronicAddress', 'value'], message: 'must be an e-mail address (scheme EM)' });
    }
    // A public buyer (reached by Leitweg-ID) is referred to by it: a buyer reference that looks like one must be one.
    if (s.buyerReference && /^\d{2,12}(-[A-Za-z0-9]{1,30})?-\d{2}$/.test(s.buyerReference) && !isLeitwegId(s.buyerReference)) {
      ctx.addIssue({ code: 'custom', path: ['buyerReference'], message: 'looks like a Leitweg-ID but its check digits are wrong' });
    }
  });
export type EInvoiceSettings = z.infer<typeof einvoiceSettingsSchema>;
