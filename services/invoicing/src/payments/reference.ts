/**
 * Finds the invoice numbers in a transfer's reference text, in the order they appear, written as
 * documents print them (RE-2026-00042) or as banks and customers mangle them ("RE 2026 00042",
 * "re-2026-42" is not one: the serial has at least five digits). Pure.
 */
const INVOICE_NUMBER = /(?<![A-Za-z0-9])RE[-\s/]?(\d{4})[-\s/]?(\d{5,20})(?!\d)/gi;

export function invoiceNumbersIn(reference: string): string[] {
  const found: string[] = [];
  for (const m of reference.matchAll(INVOICE_NUMBER)) {
    const number = `RE-${m[1]}-${m[2]}`;
    if (!found.includes(number)) found.push(number);
  }
  return found;
}
