/**
 * The legal notes a document must carry for its VAT treatments (§ 14 Abs. 4
 * Nr. 8, § 14a UStG). The quote service decides each line's treatment
 * (services/quote/src/domain/pricing/tax-destination.ts); invoicing and the
 * document service carry and print the notes, so the texts live here.
 */

export type TaxTreatment = 'domestic' | 'reverse_charge' | 'intra_eu_supply' | 'oss' | 'export' | 'small_business';

/**
 * 'export' is the note for goods leaving the EU (§ 6 UStG);
 * 'non_taxable_service' the one for services to businesses outside the EU,
 * which are not taxable in Germany at all (§ 3a Abs. 2 UStG), so the export
 * exemption wording would be wrong for them.
 */
export type TaxNoteCode = 'reverse_charge' | 'intra_eu_supply' | 'export' | 'non_taxable_service' | 'small_business';

const NOTES: Readonly<Record<'de' | 'en', Readonly<Record<TaxNoteCode, string>>>> = {
  de: {
    reverse_charge: 'Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge) gemäß § 13b UStG / Art. 196 MwStSystRL',
    intra_eu_supply: 'Steuerfreie innergemeinschaftliche Lieferung gemäß § 4 Nr. 1b i. V. m. § 6a UStG',
    export: 'Steuerfreie Ausfuhrlieferung gemäß § 4 Nr. 1a i. V. m. § 6 UStG',
    non_taxable_service: 'Nicht im Inland steuerbare Leistung: Leistungsort beim Leistungsempfänger im Drittland (§ 3a Abs. 2 UStG)',
    // Since 1 Jan 2025 § 19 Abs. 1 UStG is an exemption; § 34a UStDV requires pointing to it.
    small_business: 'Steuerbefreiung für Kleinunternehmer gemäß § 19 Abs. 1 UStG: Es wird keine Umsatzsteuer berechnet.',
  },
  en: {
    reverse_charge: 'Reverse charge: the recipient of the service is liable for VAT (§ 13b UStG / Art. 196 Council Directive 2006/112/EC)',
    intra_eu_supply: 'Tax-exempt intra-Community supply of goods (§ 4 No. 1b in conjunction with § 6a UStG)',
    export: 'Tax-exempt export delivery (§ 4 No. 1a in conjunction with § 6 UStG)',
    non_taxable_service: "Not taxable in Germany: the place of supply is the recipient's country outside the EU (§ 3a (2) UStG)",
    small_business: 'VAT exemption for small businesses under § 19 (1) UStG: no VAT is charged.',
  },
};

/** The distinct legal notes for these codes, in order of first appearance; nulls are skipped. */
export function taxNotes(codes: (TaxNoteCode | null)[], language: 'de' | 'en'): string[] {
  const texts = NOTES[language];
  if (!texts) throw new RangeError(`no tax notes in language ${String(language)}`);
  const seen = new Set<TaxNoteCode>();
  const notes: string[] = [];
  for (const code of codes) {
    if (code === null || seen.has(code)) continue;
    const text = texts[code];
    if (text === undefined) throw new RangeError(`unknown tax note code ${String(code)}`);
    seen.add(code);
    notes.push(text);
  }
  return notes;
}

/** The note codes a line of this treatment may need ('export' covers goods leaving the EU and services to businesses there). */
const NOTE_CODES_OF_TREATMENT: Readonly<Record<TaxTreatment, readonly TaxNoteCode[]>> = {
  domestic: [],
  oss: [],
  reverse_charge: ['reverse_charge'],
  intra_eu_supply: ['intra_eu_supply'],
  export: ['export', 'non_taxable_service'],
  small_business: ['small_business'],
};

/** Which legal note a stored note text is (in either language), or null for a text we do not know. */
export function taxNoteCodeOf(text: string): TaxNoteCode | null {
  for (const texts of Object.values(NOTES)) {
    const code = (Object.keys(texts) as TaxNoteCode[]).find((c) => texts[c] === text);
    if (code) return code;
  }
  return null;
}

/**
 * The notes of a document that apply to some of its lines: an invoice billing
 * only part of an order carries the order's notes for the treatments it bills.
 * A note we cannot identify, or lines without a recorded treatment, keep the note:
 * a missing legal note is worse than one too many.
 */
export function notesForLines(notes: readonly string[], lines: readonly { taxTreatment?: string }[]): string[] {
  if (lines.some((l) => l.taxTreatment === undefined)) return [...notes];
  const codes = new Set(lines.flatMap((l) => NOTE_CODES_OF_TREATMENT[l.taxTreatment as TaxTreatment] ?? []));
  return notes.filter((n) => {
    const code = taxNoteCodeOf(n);
    return code === null || codes.has(code);
  });
}

/** True for treatments whose invoice must name the VAT IDs of both parties (§ 14a Abs. 1 and 3 UStG). */
export function needsBothVatIds(treatment: string | undefined): boolean {
  return treatment === 'reverse_charge' || treatment === 'intra_eu_supply';
}
