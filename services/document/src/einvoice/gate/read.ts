import { all, attr, first, kids, NS, parseXml, text, type Element } from './xml.ts';

/**
 * What the gate reads back out of a written e-invoice, in EN 16931 terms,
 * from UBL or CII alike. Every term may be missing: the rules say which must
 * not be. Nothing here trusts the generator's input model.
 */
export interface ReadAllowanceCharge {
  charge?: boolean;
  amount?: string;
  reason?: string;
  reasonCode?: string;
  category?: string;
  rate?: string;
}

export interface ReadParty {
  name?: string;
  street?: string;
  city?: string;
  postalCode?: string;
  country?: string;
  vatId?: string;
  taxNumber?: string;
  electronicAddress?: { scheme?: string; value?: string };
  contact?: { name?: string; phone?: string; email?: string };
}

export interface ReadLine {
  id?: string;
  name?: string;
  quantity?: string;
  unitCode?: string;
  netPrice?: string;
  /** BT-149: price base quantity (1 when absent). */
  baseQuantity?: string;
  net?: string;
  category?: string;
  rate?: string;
  allowanceCharges: ReadAllowanceCharge[];
}

export interface ReadVat {
  category?: string;
  rate?: string;
  taxable?: string;
  tax?: string;
  exemptionReason?: string;
  exemptionCode?: string;
}

export interface ReadInvoice {
  syntax: 'UBL' | 'CII';
  customizationId?: string;
  profileId?: string;
  number?: string;
  typeCode?: string;
  issueDate?: string;
  dueDate?: string;
  currency?: string;
  vatCurrency?: string;
  vatCurrencyTax?: string;
  buyerReference?: string;
  orderReference?: string;
  notes: string[];
  paymentTerms?: string;
  preceding: { number?: string; issueDate?: string }[];
  seller: ReadParty;
  buyer: ReadParty;
  deliveryDate?: string;
  /** BG-15 deliver-to address, when the document has one, with its country (BT-80). */
  deliverTo?: { country?: string };
  period?: { start?: string; end?: string };
  payment: { meansCode?: string; iban?: string; bic?: string }[];
  lines: ReadLine[];
  allowanceCharges: ReadAllowanceCharge[];
  vat: ReadVat[];
  totals: {
    lineNet?: string;
    allowances?: string;
    charges?: string;
    taxExclusive?: string;
    tax?: string;
    taxInclusive?: string;
    prepaid?: string;
    rounding?: string;
    payable?: string;
  };
  /** Every currencyID on an amount (UBL: must be the invoice currency, BR-CL-? / the accounting currency on BT-111). */
  amountCurrencies: { element: string; currency: string }[];
}

/** Reads UBL (Invoice or CreditNote) or CII; throws when the XML is not well-formed or neither syntax. */
export function readEInvoice(xml: string): ReadInvoice {
  const root = parseXml(xml).documentElement!;
  if (root.namespaceURI === NS.ublInvoice || root.namespaceURI === NS.ublCreditNote) return readUbl(root);
  if (root.namespaceURI === NS.rsm && root.localName === 'CrossIndustryInvoice') return readCii(root);
  throw new Error(`root element {${root.namespaceURI ?? ''}}${root.localName ?? ''} is neither UBL nor CII`);
}

// ---------------------------------------------------------------- UBL

function ublParty(p: Element | undefined): ReadParty {
  const schemes = all(p, 'cac:PartyTaxScheme');
  const vat = schemes.find((s) => text(s, 'cac:TaxScheme/cbc:ID') === 'VAT');
  const other = schemes.find((s) => text(s, 'cac:TaxScheme/cbc:ID') !== 'VAT');
  const endpoint = first(p, 'cbc:EndpointID');
  const contact = first(p, 'cac:Contact');
  return {
    name: text(p, 'cac:PartyLegalEntity/cbc:RegistrationName'),
    street: text(p, 'cac:PostalAddress/cbc:StreetName'),
    city: text(p, 'cac:PostalAddress/cbc:CityName'),
    postalCode: text(p, 'cac:PostalAddress/cbc:PostalZone'),
    country: text(p, 'cac:PostalAddress/cac:Country/cbc:IdentificationCode'),
    vatId: text(vat, 'cbc:CompanyID'),
    taxNumber: text(other, 'cbc:CompanyID'),
    ...(endpoint ? { electronicAddress: { scheme: endpoint.getAttribute('schemeID') ?? undefined, value: endpoint.textContent?.trim() || undefined } } : {}),
    ...(contact ? { contact: { name: text(contact, 'cbc:Name'), phone: text(contact, 'cbc:Telephone'), email: text(contact, 'cbc:ElectronicMail') } } : {}),
  };
}

function ublAllowanceCharge(ac: Element): ReadAllowanceCharge {
  const indicator = text(ac, 'cbc:ChargeIndicator');
  return {
    charge: indicator === 'true' ? true : indicator === 'false' ? false : undefined,
    amount: text(ac, 'cbc:Amount'),
    reason: text(ac, 'cbc:AllowanceChargeReason'),
    reasonCode: text(ac, 'cbc:AllowanceChargeReasonCode'),
    category: text(ac, 'cac:TaxCategory/cbc:ID'),
    rate: text(ac, 'cac:TaxCategory/cbc:Percent'),
  };
}

/** Every element with a currencyID attribute, in document order: BR-CL-03 checks each is the invoice's or the VAT currency. */
function amountCurrencies(root: Element): ReadInvoice['amountCurrencies'] {
  const amounts: ReadInvoice['amountCurrencies'] = [];
  const walk = (el: Element) => {
    const c = el.getAttribute('currencyID');
    if (c) amounts.push({ element: el.localName ?? '', currency: c });
    for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) walk(n as Element);
  };
  walk(root);
  return amounts;
}

function readUbl(root: Element): ReadInvoice {
  const credit = root.namespaceURI === NS.ublCreditNote;
  const lineTag = credit ? 'cac:CreditNoteLine' : 'cac:InvoiceLine';
  const taxTotals = kids(root, 'cac:TaxTotal');
  const main = taxTotals.find((t) => kids(t, 'cac:TaxSubtotal').length > 0) ?? taxTotals[0];
  const vatCurrency = text(root, 'cbc:TaxCurrencyCode');
  const accounting = taxTotals.find((t) => t !== main);
  const amounts = amountCurrencies(root);
  const m = first(root, 'cac:LegalMonetaryTotal');
  return {
    syntax: 'UBL',
    customizationId: text(root, 'cbc:CustomizationID'),
    profileId: text(root, 'cbc:ProfileID'),
    number: text(root, 'cbc:ID'),
    typeCode: text(root, credit ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode'),
    issueDate: text(root, 'cbc:IssueDate'),
    dueDate: text(root, 'cbc:DueDate') ?? text(root, 'cac:PaymentMeans/cbc:PaymentDueDate'),
    currency: text(root, 'cbc:DocumentCurrencyCode'),
    vatCurrency,
    vatCurrencyTax: text(accounting, 'cbc:TaxAmount'),
    buyerReference: text(root, 'cbc:BuyerReference'),
    orderReference: text(root, 'cac:OrderReference/cbc:ID'),
    notes: kids(root, 'cbc:Note').map((n) => n.textContent?.trim() ?? ''),
    paymentTerms: text(root, 'cac:PaymentTerms/cbc:Note'),
    preceding: all(root, 'cac:BillingReference/cac:InvoiceDocumentReference').map((r) => ({ number: text(r, 'cbc:ID'), issueDate: text(r, 'cbc:IssueDate') })),
    seller: ublParty(first(root, 'cac:AccountingSupplierParty/cac:Party')),
    buyer: ublParty(first(root, 'cac:AccountingCustomerParty/cac:Party')),
    deliveryDate: text(root, 'cac:Delivery/cbc:ActualDeliveryDate'),
    ...(first(root, 'cac:Delivery/cac:DeliveryLocation/cac:Address')
      ? { deliverTo: { country: text(root, 'cac:Delivery/cac:DeliveryLocation/cac:Address/cac:Country/cbc:IdentificationCode') } }
      : {}),
    ...(first(root, 'cac:InvoicePeriod')
      ? { period: { start: text(root, 'cac:InvoicePeriod/cbc:StartDate'), end: text(root, 'cac:InvoicePeriod/cbc:EndDate') } }
      : {}),
    payment: kids(root, 'cac:PaymentMeans').map((p) => ({
      meansCode: text(p, 'cbc:PaymentMeansCode'),
      iban: text(p, 'cac:PayeeFinancialAccount/cbc:ID'),
      bic: text(p, 'cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID'),
    })),
    lines: kids(root, lineTag).map((l) => ({
      id: text(l, 'cbc:ID'),
      name: text(l, 'cac:Item/cbc:Name'),
      quantity: text(l, credit ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity'),
      unitCode: attr(l, credit ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity', 'unitCode'),
      netPrice: text(l, 'cac:Price/cbc:PriceAmount'),
      baseQuantity: text(l, 'cac:Price/cbc:BaseQuantity'),
      net: text(l, 'cbc:LineExtensionAmount'),
      category: text(l, 'cac:Item/cac:ClassifiedTaxCategory/cbc:ID'),
      rate: text(l, 'cac:Item/cac:ClassifiedTaxCategory/cbc:Percent'),
      allowanceCharges: kids(l, 'cac:AllowanceCharge').map(ublAllowanceCharge),
    })),
    allowanceCharges: kids(root, 'cac:AllowanceCharge').map(ublAllowanceCharge),
    vat: all(main, 'cac:TaxSubtotal').map((s) => ({
      category: text(s, 'cac:TaxCategory/cbc:ID'),
      rate: text(s, 'cac:TaxCategory/cbc:Percent'),
      taxable: text(s, 'cbc:TaxableAmount'),
      tax: text(s, 'cbc:TaxAmount'),
      exemptionReason: text(s, 'cac:TaxCategory/cbc:TaxExemptionReason'),
      exemptionCode: text(s, 'cac:TaxCategory/cbc:TaxExemptionReasonCode'),
    })),
    totals: {
      lineNet: text(m, 'cbc:LineExtensionAmount'),
      allowances: text(m, 'cbc:AllowanceTotalAmount'),
      charges: text(m, 'cbc:ChargeTotalAmount'),
      taxExclusive: text(m, 'cbc:TaxExclusiveAmount'),
      tax: text(main, 'cbc:TaxAmount'),
      taxInclusive: text(m, 'cbc:TaxInclusiveAmount'),
      prepaid: text(m, 'cbc:PrepaidAmount'),
      rounding: text(m, 'cbc:PayableRoundingAmount'),
      payable: text(m, 'cbc:PayableAmount'),
    },
    amountCurrencies: amounts,
  };
}

// ---------------------------------------------------------------- CII

/** CII dates are format 102 (YYYYMMDD); answered as YYYY-MM-DD, anything else as written (the date rule refuses it). */
function ciiDate(el: Element | undefined, path: string): string | undefined {
  const d = first(el, path);
  const value = d?.textContent?.trim();
  if (!value) return undefined;
  return d!.getAttribute('format') === '102' && /^\d{8}$/.test(value) ? `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6)}` : value;
}

function ciiParty(p: Element | undefined): ReadParty {
  const regs = all(p, 'ram:SpecifiedTaxRegistration/ram:ID');
  const uri = first(p, 'ram:URIUniversalCommunication/ram:URIID');
  const contact = first(p, 'ram:DefinedTradeContact');
  return {
    name: text(p, 'ram:Name'),
    street: text(p, 'ram:PostalTradeAddress/ram:LineOne'),
    city: text(p, 'ram:PostalTradeAddress/ram:CityName'),
    postalCode: text(p, 'ram:PostalTradeAddress/ram:PostcodeCode'),
    country: text(p, 'ram:PostalTradeAddress/ram:CountryID'),
    vatId: regs.find((r) => r.getAttribute('schemeID') === 'VA')?.textContent?.trim(),
    taxNumber: regs.find((r) => r.getAttribute('schemeID') === 'FC')?.textContent?.trim(),
    ...(uri ? { electronicAddress: { scheme: uri.getAttribute('schemeID') ?? undefined, value: uri.textContent?.trim() || undefined } } : {}),
    ...(contact
      ? {
          contact: {
            name: text(contact, 'ram:PersonName'),
            phone: text(contact, 'ram:TelephoneUniversalCommunication/ram:CompleteNumber'),
            email: text(contact, 'ram:EmailURIUniversalCommunication/ram:URIID'),
          },
        }
      : {}),
  };
}

function ciiAllowanceCharge(ac: Element): ReadAllowanceCharge {
  const indicator = text(ac, 'ram:ChargeIndicator/udt:Indicator');
  return {
    charge: indicator === 'true' ? true : indicator === 'false' ? false : undefined,
    amount: text(ac, 'ram:ActualAmount'),
    reason: text(ac, 'ram:Reason'),
    reasonCode: text(ac, 'ram:ReasonCode'),
    category: text(ac, 'ram:CategoryTradeTax/ram:CategoryCode'),
    rate: text(ac, 'ram:CategoryTradeTax/ram:RateApplicablePercent'),
  };
}

function readCii(root: Element): ReadInvoice {
  const doc = first(root, 'rsm:ExchangedDocument');
  const tx = first(root, 'rsm:SupplyChainTradeTransaction');
  const agreement = first(tx, 'ram:ApplicableHeaderTradeAgreement');
  const settlement = first(tx, 'ram:ApplicableHeaderTradeSettlement');
  const m = first(settlement, 'ram:SpecifiedTradeSettlementHeaderMonetarySummation');
  const currency = text(settlement, 'ram:InvoiceCurrencyCode');
  const vatCurrency = text(settlement, 'ram:TaxCurrencyCode');
  const taxTotals = kids(m, 'ram:TaxTotalAmount');
  const inCurrency = (c: string | undefined) => taxTotals.find((t) => t.getAttribute('currencyID') === c);
  const amounts = amountCurrencies(root);
  const period = first(settlement, 'ram:BillingSpecifiedPeriod');
  const terms = first(settlement, 'ram:SpecifiedTradePaymentTerms');
  return {
    syntax: 'CII',
    customizationId: text(root, 'rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID'),
    profileId: text(root, 'rsm:ExchangedDocumentContext/ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID'),
    number: text(doc, 'ram:ID'),
    typeCode: text(doc, 'ram:TypeCode'),
    issueDate: ciiDate(doc, 'ram:IssueDateTime/udt:DateTimeString'),
    dueDate: ciiDate(terms, 'ram:DueDateDateTime/udt:DateTimeString'),
    currency,
    vatCurrency,
    vatCurrencyTax: vatCurrency && vatCurrency !== currency ? inCurrency(vatCurrency)?.textContent?.trim() : undefined,
    buyerReference: text(agreement, 'ram:BuyerReference'),
    orderReference: text(agreement, 'ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID'),
    notes: all(doc, 'ram:IncludedNote/ram:Content').map((n) => n.textContent?.trim() ?? ''),
    paymentTerms: text(terms, 'ram:Description'),
    preceding: all(settlement, 'ram:InvoiceReferencedDocument').map((r) => ({
      number: text(r, 'ram:IssuerAssignedID'),
      issueDate: ciiDate(r, 'ram:FormattedIssueDateTime/qdt:DateTimeString'),
    })),
    seller: ciiParty(first(agreement, 'ram:SellerTradeParty')),
    buyer: ciiParty(first(agreement, 'ram:BuyerTradeParty')),
    deliveryDate: ciiDate(tx, 'ram:ApplicableHeaderTradeDelivery/ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime/udt:DateTimeString'),
    ...(first(tx, 'ram:ApplicableHeaderTradeDelivery/ram:ShipToTradeParty/ram:PostalTradeAddress')
      ? { deliverTo: { country: text(tx, 'ram:ApplicableHeaderTradeDelivery/ram:ShipToTradeParty/ram:PostalTradeAddress/ram:CountryID') } }
      : {}),
    ...(period
      ? { period: { start: ciiDate(period, 'ram:StartDateTime/udt:DateTimeString'), end: ciiDate(period, 'ram:EndDateTime/udt:DateTimeString') } }
      : {}),
    payment: kids(settlement, 'ram:SpecifiedTradeSettlementPaymentMeans').map((p) => ({
      meansCode: text(p, 'ram:TypeCode'),
      iban: text(p, 'ram:PayeePartyCreditorFinancialAccount/ram:IBANID'),
      bic: text(p, 'ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID'),
    })),
    lines: kids(tx, 'ram:IncludedSupplyChainTradeLineItem').map((l) => ({
      id: text(l, 'ram:AssociatedDocumentLineDocument/ram:LineID'),
      name: text(l, 'ram:SpecifiedTradeProduct/ram:Name'),
      quantity: text(l, 'ram:SpecifiedLineTradeDelivery/ram:BilledQuantity'),
      unitCode: attr(l, 'ram:SpecifiedLineTradeDelivery/ram:BilledQuantity', 'unitCode'),
      netPrice: text(l, 'ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount'),
      baseQuantity: text(l, 'ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:BasisQuantity'),
      net: text(l, 'ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount'),
      category: text(l, 'ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode'),
      rate: text(l, 'ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:RateApplicablePercent'),
      allowanceCharges: all(l, 'ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeAllowanceCharge').map(ciiAllowanceCharge),
    })),
    allowanceCharges: kids(settlement, 'ram:SpecifiedTradeAllowanceCharge').map(ciiAllowanceCharge),
    vat: kids(settlement, 'ram:ApplicableTradeTax').map((t) => ({
      category: text(t, 'ram:CategoryCode'),
      rate: text(t, 'ram:RateApplicablePercent'),
      taxable: text(t, 'ram:BasisAmount'),
      tax: text(t, 'ram:CalculatedAmount'),
      exemptionReason: text(t, 'ram:ExemptionReason'),
      exemptionCode: text(t, 'ram:ExemptionReasonCode'),
    })),
    totals: {
      lineNet: text(m, 'ram:LineTotalAmount'),
      allowances: text(m, 'ram:AllowanceTotalAmount'),
      charges: text(m, 'ram:ChargeTotalAmount'),
      taxExclusive: text(m, 'ram:TaxBasisTotalAmount'),
      tax: (inCurrency(currency) ?? taxTotals.find((t) => !t.getAttribute('currencyID')))?.textContent?.trim(),
      taxInclusive: text(m, 'ram:GrandTotalAmount'),
      prepaid: text(m, 'ram:TotalPrepaidAmount'),
      rounding: text(m, 'ram:RoundingAmount'),
      payable: text(m, 'ram:DuePayableAmount'),
    },
    amountCurrencies: amounts,
  };
}
