/**
 * The issuing company (us): printed on every document (§14 UStG asks for name, address
 * and VAT ID / tax number), and known to the quote service, which refuses our own VAT ID on customers.
 */
export interface Seller {
  name: string;
  street: string;
  postalCode: string;
  city: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  vatId: string;
  taxNumber: string;
  iban: string;
  bic: string;
  bankName: string;
  registerCourt: string;
  registerNumber: string;
  managingDirector: string;
  phone: string;
  email: string;
}

/** Demo defaults so a fresh checkout renders plausible documents; every field can be overridden per deployment. */
const DEFAULTS: Seller = {
  name: 'Kontor Demo GmbH',
  street: 'Musterstraße 12',
  postalCode: '10115',
  city: 'Berlin',
  country: 'DE',
  // Made up, but with a valid check digit, so customer validation can tell it apart.
  vatId: 'DE123456788',
  taxNumber: '30/123/45678',
  // The well-known checksum-valid example IBAN, not a real account.
  iban: 'DE89370400440532013000',
  bic: 'COBADEFFXXX',
  bankName: 'Commerzbank',
  registerCourt: 'Amtsgericht Berlin-Charlottenburg',
  registerNumber: 'HRB 123456 B',
  managingDirector: 'Erika Mustermann',
  phone: '+49 30 1234567-0',
  email: 'buchhaltung@kontor.example',
};

const ENV_NAMES: Readonly<Record<keyof Seller, string>> = {
  name: 'SELLER_NAME',
  street: 'SELLER_STREET',
  postalCode: 'SELLER_POSTAL_CODE',
  city: 'SELLER_CITY',
  country: 'SELLER_COUNTRY',
  vatId: 'SELLER_VAT_ID',
  taxNumber: 'SELLER_TAX_NUMBER',
  iban: 'SELLER_IBAN',
  bic: 'SELLER_BIC',
  bankName: 'SELLER_BANK_NAME',
  registerCourt: 'SELLER_REGISTER_COURT',
  registerNumber: 'SELLER_REGISTER_NUMBER',
  managingDirector: 'SELLER_MANAGING_DIRECTOR',
  phone: 'SELLER_PHONE',
  email: 'SELLER_EMAIL',
};

/** Reads the seller from SELLER_* variables; empty values fall back to the demo defaults. */
export function sellerFromEnv(env: NodeJS.ProcessEnv = process.env): Seller {
  const seller = { ...DEFAULTS };
  for (const key of Object.keys(ENV_NAMES) as (keyof Seller)[]) {
    const value = env[ENV_NAMES[key]]?.trim();
    if (value) seller[key] = value;
  }
  // IBANs are often configured with spaces; store them compact, the view model groups them.
  seller.iban = seller.iban.replace(/\s+/g, '').toUpperCase();
  seller.country = seller.country.toUpperCase();
  return seller;
}
