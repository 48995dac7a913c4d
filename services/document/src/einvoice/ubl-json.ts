import type { AllowanceCharge, EInvoice, ELine, EParty, PostalAddress } from './model.ts';

/**
 * The input of @e-invoice-eu/core: a UBL invoice written as JSON ("cbc:ID",
 * attributes as "element@attribute", every amount with its currency). The
 * library turns it into UBL or CII XML; what it drops or gets wrong on the way
 * is repaired afterwards (post-process.ts) and everything is checked by the gate.
 */
type Json = Record<string, unknown>;

const address = (a: PostalAddress): Json => ({
  'cbc:StreetName': a.street,
  'cbc:CityName': a.city,
  'cbc:PostalZone': a.postalCode,
  'cac:Country': { 'cbc:IdentificationCode': a.country },
});

function party(p: EParty, seller: boolean): Json {
  const taxSchemes: Json[] = [];
  if (p.vatId) taxSchemes.push({ 'cbc:CompanyID': p.vatId, 'cac:TaxScheme': { 'cbc:ID': 'VAT' } });
  // BT-32: the seller's tax number; UBL tells it apart from the VAT ID by a scheme other than VAT ("FC" in XRechnung).
  if (seller && p.taxNumber) taxSchemes.push({ 'cbc:CompanyID': p.taxNumber, 'cac:TaxScheme': { 'cbc:ID': 'FC' } });
  return {
    'cac:Party': {
      ...(p.electronicAddress ? { 'cbc:EndpointID': p.electronicAddress.value, 'cbc:EndpointID@schemeID': p.electronicAddress.scheme } : {}),
      'cac:PostalAddress': address(p.address),
      // The schema takes a list for the seller (VAT ID and tax number), one object for the buyer.
      ...(taxSchemes.length ? { 'cac:PartyTaxScheme': seller ? taxSchemes : taxSchemes[0] } : {}),
      'cac:PartyLegalEntity': { 'cbc:RegistrationName': p.name, ...(p.legalRegistration ? { 'cbc:CompanyID': p.legalRegistration } : {}) },
      ...(p.contact ? { 'cac:Contact': { 'cbc:Name': p.contact.name, 'cbc:Telephone': p.contact.phone, 'cbc:ElectronicMail': p.contact.email } } : {}),
    },
  };
}

const taxCategory = (category: string, rate: string): Json => ({
  'cbc:ID': category,
  'cbc:Percent': rate,
  'cac:TaxScheme': { 'cbc:ID': 'VAT' },
});

function allowanceCharge(ac: AllowanceCharge, currency: string, documentLevel: boolean): Json {
  return {
    'cbc:ChargeIndicator': ac.charge ? 'true' : 'false',
    ...(ac.reasonCode ? { 'cbc:AllowanceChargeReasonCode': ac.reasonCode } : {}),
    'cbc:AllowanceChargeReason': ac.reason,
    'cbc:Amount': ac.amount,
    'cbc:Amount@currencyID': currency,
    ...(documentLevel ? { 'cac:TaxCategory': taxCategory(ac.category ?? 'S', ac.rate ?? '0') } : {}),
  };
}

function line(l: ELine, currency: string): Json {
  return {
    'cbc:ID': l.id,
    ...(l.note ? { 'cbc:Note': l.note } : {}),
    'cbc:InvoicedQuantity': l.quantity,
    'cbc:InvoicedQuantity@unitCode': l.unitCode,
    'cbc:LineExtensionAmount': l.net,
    'cbc:LineExtensionAmount@currencyID': currency,
    ...(l.allowanceCharges.length ? { 'cac:AllowanceCharge': l.allowanceCharges.map((ac) => allowanceCharge(ac, currency, false)) } : {}),
    'cac:Item': {
      'cbc:Name': l.name,
      ...(l.sellerItemId ? { 'cac:SellersItemIdentification': { 'cbc:ID': l.sellerItemId } } : {}),
      'cac:ClassifiedTaxCategory': taxCategory(l.category, l.rate),
    },
    'cac:Price': {
      'cbc:PriceAmount': l.netPrice,
      'cbc:PriceAmount@currencyID': currency,
      ...(l.baseQuantity ? { 'cbc:BaseQuantity': l.baseQuantity, 'cbc:BaseQuantity@unitCode': l.unitCode } : {}),
    },
  };
}

/** The library's JSON input for one invoice. */
export function toUblJson(inv: EInvoice): Json {
  const c = inv.currency;
  const t = inv.totals;
  const money = (key: string, value: string) => ({ [key]: value, [`${key}@currencyID`]: c });
  const taxTotals: Json[] = [
    {
      ...money('cbc:TaxAmount', t.tax),
      'cac:TaxSubtotal': inv.vat.map((v) => ({
        ...money('cbc:TaxableAmount', v.taxable),
        ...money('cbc:TaxAmount', v.tax),
        'cac:TaxCategory': {
          'cbc:ID': v.category,
          'cbc:Percent': v.rate,
          ...(v.exemptionCode ? { 'cbc:TaxExemptionReasonCode': v.exemptionCode } : {}),
          ...(v.exemptionReason ? { 'cbc:TaxExemptionReason': v.exemptionReason } : {}),
          'cac:TaxScheme': { 'cbc:ID': 'VAT' },
        },
      })),
    },
  ];
  if (inv.vatCurrency) taxTotals.push({ 'cbc:TaxAmount': inv.vatCurrency.tax, 'cbc:TaxAmount@currencyID': inv.vatCurrency.currency });
  return {
    'ubl:Invoice': {
      'cbc:ID': inv.number,
      'cbc:IssueDate': inv.issueDate,
      ...(inv.dueDate ? { 'cbc:DueDate': inv.dueDate } : {}),
      'cbc:InvoiceTypeCode': inv.typeCode,
      ...(inv.notes.length ? { 'cbc:Note': inv.notes } : {}),
      'cbc:DocumentCurrencyCode': c,
      ...(inv.vatCurrency ? { 'cbc:TaxCurrencyCode': inv.vatCurrency.currency } : {}),
      'cbc:BuyerReference': inv.buyerReference,
      ...(inv.period ? { 'cac:InvoicePeriod': { 'cbc:StartDate': inv.period.start, 'cbc:EndDate': inv.period.end } } : {}),
      ...(inv.orderReference ? { 'cac:OrderReference': { 'cbc:ID': inv.orderReference } } : {}),
      ...(inv.precedingInvoices.length
        ? {
            'cac:BillingReference': inv.precedingInvoices.map((p) => ({
              'cac:InvoiceDocumentReference': { 'cbc:ID': p.number, 'cbc:IssueDate': p.issueDate },
            })),
          }
        : {}),
      ...(inv.contractReference ? { 'cac:ContractDocumentReference': { 'cbc:ID': inv.contractReference } } : {}),
      'cac:AccountingSupplierParty': party(inv.seller, true),
      'cac:AccountingCustomerParty': party(inv.buyer, false),
      // Always a delivery with its date: the library writes no ApplicableHeaderTradeDelivery into CII without one (an XSD failure).
      'cac:Delivery': {
        'cbc:ActualDeliveryDate': inv.delivery.date,
        ...(inv.delivery.address
          ? {
              'cac:DeliveryLocation': { 'cac:Address': address(inv.delivery.address) },
              ...(inv.delivery.address.name ? { 'cac:DeliveryParty': { 'cac:PartyName': { 'cbc:Name': inv.delivery.address.name } } } : {}),
            }
          : {}),
      },
      'cac:PaymentMeans': [
        {
          'cbc:PaymentMeansCode': inv.payment.meansCode,
          'cbc:PaymentID': inv.payment.remittance,
          'cac:PayeeFinancialAccount': {
            'cbc:ID': inv.payment.iban,
            ...(inv.payment.accountName ? { 'cbc:Name': inv.payment.accountName } : {}),
            ...(inv.payment.bic ? { 'cac:FinancialInstitutionBranch': { 'cbc:ID': inv.payment.bic } } : {}),
          },
        },
      ],
      'cac:PaymentTerms': { 'cbc:Note': inv.paymentTerms },
      ...(inv.allowanceCharges.length ? { 'cac:AllowanceCharge': inv.allowanceCharges.map((ac) => allowanceCharge(ac, c, true)) } : {}),
      'cac:TaxTotal': taxTotals,
      'cac:LegalMonetaryTotal': {
        ...money('cbc:LineExtensionAmount', t.lineNet),
        ...money('cbc:TaxExclusiveAmount', t.taxExclusive),
        ...money('cbc:TaxInclusiveAmount', t.taxInclusive),
        ...(inv.allowanceCharges.some((a) => !a.charge) ? money('cbc:AllowanceTotalAmount', t.allowances) : {}),
        ...(inv.allowanceCharges.some((a) => a.charge) ? money('cbc:ChargeTotalAmount', t.charges) : {}),
        ...(Number(t.prepaid) !== 0 ? money('cbc:PrepaidAmount', t.prepaid) : {}),
        ...(Number(t.rounding) !== 0 ? money('cbc:PayableRoundingAmount', t.rounding) : {}),
        ...money('cbc:PayableAmount', t.payable),
      },
      'cac:InvoiceLine': inv.lines.map((l) => line(l, c)),
    },
  };
}
