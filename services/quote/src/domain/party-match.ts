/**
 * Billing data that arrives with a quote or direct order and matches a known
 * customer: the match is only trusted when it names the same party, and the
 * document keeps the addresses it was given without touching the master record.
 * Pure: no I/O.
 */
import type { Address, CustomerSnapshot } from '../../../../shared/contracts/common.ts';

/**
 * A name reduced to what identifies the firm: case, accents' composition,
 * whitespace and the punctuation of legal forms ("G.m.b.H.", "Co. KG") do not count.
 */
export function normalizePartyName(name: string): string {
  const tokens = name
    .normalize('NFKC')
    .toLocaleLowerCase('de-DE')
    .replace(/[.,;:'"´`’()\-/]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  // Runs of single letters ("g m b h" from "G.m.b.H.") are joined, so they read like "gmbh".
  return tokens
    .reduce<string[]>((out, t, i) => {
      if (t.length === 1 && i > 0 && tokens[i - 1]!.length === 1 && /\p{L}/u.test(t) && /\p{L}/u.test(tokens[i - 1]!)) out[out.length - 1] += t;
      else out.push(t);
      return out;
    }, [])
    .join(' ');
}

export function sameParty(a: string, b: string): boolean {
  return normalizePartyName(a) === normalizePartyName(b);
}

/** The billing data of one document (subset of the request's `customer`). */
export interface GivenBilling {
  name: string;
  billingAddress: Address;
  shippingAddress?: Address | undefined;
  vatId?: string | null | undefined;
  email?: string | null | undefined;
  language?: 'de' | 'en' | undefined;
}

/** The customer as this document prints it: the master's id and number with the addresses the document was given. */
export function documentSnapshot(master: CustomerSnapshot, given: GivenBilling): CustomerSnapshot {
  return {
    id: master.id,
    number: master.number,
    name: given.name,
    billingAddress: given.billingAddress,
    // As for a new customer: shipping copies billing unless a separate address is given.
    shippingAddress: given.shippingAddress ?? given.billingAddress,
    vatId: given.vatId !== undefined ? given.vatId : (master.vatId ?? null),
    email: given.email !== undefined ? given.email : (master.email ?? null),
    ...(given.language !== undefined ? { language: given.language } : master.language ? { language: master.language } : {}),
  };
}
