import { Decimal } from '../../../../../shared/money.ts';
import type { EInvoice } from '../model.ts';
import { readEInvoice, type ReadInvoice } from './read.ts';
import { checkRules, type Profile, type Violation } from './rules.ts';

export type { Profile, Violation };

/** A document the gate refused: not issued, not archived; the message names every broken rule. */
export class EInvoiceRejected extends Error {
  readonly violations: Violation[];
  constructor(number: string, violations: Violation[]) {
    super(`e-invoice ${number} fails the validation gate: ${violations.map((v) => `${v.rule}: ${v.message}`).join('; ')}`);
    this.violations = violations;
  }
}

/**
 * The gate on XML alone: well-formed (KONTOR-XML), UBL or CII, then every rule
 * of gate/rules.ts for the profile. Answers the violations (empty: passes).
 */
export function checkXml(xml: string, profile: Profile): { violations: Violation[]; read?: ReadInvoice } {
  let read: ReadInvoice;
  try {
    read = readEInvoice(xml);
  } catch (err) {
    return { violations: [{ rule: 'KONTOR-XML', message: `not a well-formed UBL or CII document: ${(err as Error).message}` }] };
  }
  return { violations: checkRules(read, profile), read };
}

const same = (a: string | undefined, b: string | undefined) => {
  if (a === undefined || b === undefined) return a === b;
  return /^-?\d+(\.\d+)?$/.test(a) && /^-?\d+(\.\d+)?$/.test(b) ? new Decimal(a).eq(b) : a === b;
};

/**
 * What the library wrote against what it was given: a business term it
 * dropped or changed on the way (KONTOR-RT) is refused like a broken rule,
 * so a library gap shows up here instead of at the customer.
 */
export function checkRoundTrip(model: EInvoice, read: ReadInvoice): Violation[] {
  const out: Violation[] = [];
  const cmp = (term: string, expected: string | undefined, actual: string | undefined) => {
    if (!same(expected, actual))
      out.push({ rule: `KONTOR-RT (${term})`, message: `${term} should be ${expected ?? 'absent'}, the document says ${actual ?? 'nothing'}` });
  };
  cmp('BT-1', model.number, read.number);
  cmp('BT-3', model.typeCode, read.typeCode);
  cmp('BT-2', model.issueDate, read.issueDate);
  cmp('BT-9', model.dueDate, read.dueDate);
  cmp('BT-5', model.currency, read.currency);
  cmp('BT-6', model.vatCurrency?.currency, read.vatCurrency);
  cmp('BT-111', model.vatCurrency?.tax, read.vatCurrencyTax);
  cmp('BT-10', model.buyerReference, read.buyerReference);
  cmp('BT-13', model.orderReference, read.orderReference);
  cmp('BT-72', model.delivery.date, read.deliveryDate);
  cmp('BT-73', model.period?.start, read.period?.start);
  cmp('BT-74', model.period?.end, read.period?.end);
  cmp('BT-31', model.seller.vatId, read.seller.vatId);
  cmp('BT-32', model.seller.taxNumber, read.seller.taxNumber);
  cmp('BT-48', model.buyer.vatId, read.buyer.vatId);
  cmp('BT-34', model.seller.electronicAddress?.value, read.seller.electronicAddress?.value);
  cmp('BT-49', model.buyer.electronicAddress?.value, read.buyer.electronicAddress?.value);
  cmp('BT-84', model.payment.iban, read.payment[0]?.iban);
  cmp('BT-20', model.paymentTerms, read.paymentTerms);
  cmp('BT-22', model.notes.join('\n'), read.notes.join('\n') || (model.notes.length ? undefined : ''));
  cmp('BT-25', model.precedingInvoices.map((p) => p.number).join(',') || undefined, read.preceding.map((p) => p.number).join(',') || undefined);
  cmp('BT-26', model.precedingInvoices.map((p) => p.issueDate).join(',') || undefined, read.preceding.map((p) => p.issueDate).join(',') || undefined);
  const t = model.totals;
  cmp('BT-106', t.lineNet, read.totals.lineNet);
  cmp('BT-109', t.taxExclusive, read.totals.taxExclusive);
  cmp('BT-110', t.tax, read.totals.tax);
  cmp('BT-112', t.taxInclusive, read.totals.taxInclusive);
  cmp('BT-113', Number(t.prepaid) ? t.prepaid : undefined, read.totals.prepaid && Number(read.totals.prepaid) ? read.totals.prepaid : undefined);
  cmp('BT-115', t.payable, read.totals.payable);
  if (model.lines.length !== read.lines.length)
    out.push({ rule: 'KONTOR-RT (BG-25)', message: `${model.lines.length} lines given, ${read.lines.length} written` });
  model.lines.forEach((l, i) => {
    const r = read.lines[i];
    if (!r) return;
    cmp(`BT-131 line ${l.id}`, l.net, r.net);
    cmp(`BT-146 line ${l.id}`, l.netPrice, r.netPrice);
    cmp(`BT-129 line ${l.id}`, l.quantity, r.quantity);
  });
  model.vat.forEach((v, i) => {
    const r = read.vat.find((x) => x.category === v.category && same(x.rate, v.rate));
    if (!r) out.push({ rule: 'KONTOR-RT (BG-23)', message: `VAT breakdown ${i + 1} (${v.category} ${v.rate} %) was not written` });
    else {
      cmp(`BT-120 ${v.category}`, v.exemptionReason, r.exemptionReason);
      cmp(`BT-121 ${v.category}`, v.exemptionCode, r.exemptionCode);
    }
  });
  return out;
}
