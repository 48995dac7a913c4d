import { XMLSerializer, type Document, type Element } from '@xmldom/xmldom';
import type { EInvoice } from './model.ts';
import { first, kids, NS, parseXml } from './gate/xml.ts';

/**
 * Repairs of what @e-invoice-eu/core 2.3.4 writes into CII (XRechnung CII and
 * the Factur-X XML), measured against the official rules (see the README):
 * - CII-DT-031: it puts currencyID on allowance/charge amounts; CII allows it only on TaxTotalAmount.
 * - BT-25/BT-26 (preceding invoice) are dropped: written as InvoiceReferencedDocument.
 * - BT-13 (purchase order reference) is dropped in Factur-X: written as BuyerOrderReferencedDocument.
 * - BG-14 (invoicing period) is written when missing.
 * Each repair only adds what is absent, so a fixed library makes it a no-op.
 */
export function repairCii(xml: string, inv: EInvoice): string {
  const doc = parseXml(xml);
  const root = doc.documentElement!;
  stripCurrencyIds(root);
  const tx = first(root, 'rsm:SupplyChainTradeTransaction');
  const agreement = first(tx, 'ram:ApplicableHeaderTradeAgreement');
  const settlement = first(tx, 'ram:ApplicableHeaderTradeSettlement');
  if (!agreement || !settlement) return new XMLSerializer().serializeToString(doc);
  const el = (name: string, children: (Element | string)[] = [], attrs: Record<string, string> = {}) => make(doc, name, children, attrs);
  const date = (prefix: 'udt' | 'qdt', d: string) => el(`${prefix}:DateTimeString`, [d.replaceAll('-', '')], { format: '102' });

  if (inv.orderReference && kids(agreement, 'ram:BuyerOrderReferencedDocument').length === 0) {
    const doc = el('ram:BuyerOrderReferencedDocument', [el('ram:IssuerAssignedID', [inv.orderReference])]);
    insertBefore(agreement, doc, ['ram:ContractReferencedDocument', 'ram:AdditionalReferencedDocument', 'ram:SpecifiedProcuringProject']);
  }
  if (inv.period && kids(settlement, 'ram:BillingSpecifiedPeriod').length === 0) {
    const period = el('ram:BillingSpecifiedPeriod', [
      el('ram:StartDateTime', [date('udt', inv.period.start)]),
      el('ram:EndDateTime', [date('udt', inv.period.end)]),
    ]);
    insertBefore(settlement, period, [
      'ram:SpecifiedTradeAllowanceCharge',
      'ram:SpecifiedLogisticsServiceCharge',
      'ram:SpecifiedTradePaymentTerms',
      'ram:SpecifiedTradeSettlementHeaderMonetarySummation',
    ]);
  }
  if (inv.precedingInvoices.length && kids(settlement, 'ram:InvoiceReferencedDocument').length === 0) {
    const refs = inv.precedingInvoices.map((p) =>
      el('ram:InvoiceReferencedDocument', [el('ram:IssuerAssignedID', [p.number]), el('ram:FormattedIssueDateTime', [date('qdt', p.issueDate)])]),
    );
    for (const ref of refs) insertBefore(settlement, ref, ['ram:ReceivableSpecifiedTradeAccountingAccount', 'ram:SpecifiedAdvancePayment']);
  }
  return new XMLSerializer().serializeToString(doc);
}

/** CII-DT-031: currencyID only on TaxTotalAmount. */
function stripCurrencyIds(el: Element): void {
  if (el.localName !== 'TaxTotalAmount' && el.hasAttribute('currencyID')) el.removeAttribute('currencyID');
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) stripCurrencyIds(n as Element);
}

function make(doc: Document, name: string, children: (Element | string)[], attrs: Record<string, string>): Element {
  const prefix = name.split(':')[0] as keyof typeof NS;
  const e = doc.createElementNS(NS[prefix], name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.appendChild(typeof c === 'string' ? doc.createTextNode(c) : c);
  return e;
}

/** Inserts `child` before the first existing sibling of the names that must follow it (CII's element order), else at the end. */
function insertBefore(parent: Element, child: Element, followers: string[]): void {
  const next = followers.map((f) => kids(parent, f)[0]).find((e) => e !== undefined);
  if (next) parent.insertBefore(child, next);
  else parent.appendChild(child);
}
