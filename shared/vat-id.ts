/**
 * VAT identification numbers (USt-IdNr.): syntax per EU member state and
 * Northern Ireland (XI) as published for VIES, and the check digit where the
 * national algorithm is public and was verified against a known-valid number
 * (see test/unit/vat-id.test.ts). Pure: no I/O. Syntax and check digit say a
 * number can exist, not that it is registered; that needs a VIES query.
 *
 * Numbers are taken compact and in upper case ("DE136695976"), as VIES and
 * invoices print them. Greece uses the prefix EL, never GR. Outside the EU only
 * GB, CH and NO numbers are accepted (syntax only); other prefixes are refused.
 */

type CheckDigit = (body: string) => boolean;

const digits = (s: string): number[] => [...s].map(Number);
const weightedSum = (ds: number[], weights: number[]): number => weights.reduce((sum, w, i) => sum + w * ds[i]!, 0);

/** Luhn (ISO/IEC 7812-1) over the whole digit string. */
function luhn(s: string): boolean {
  let sum = 0;
  [...s].reverse().forEach((ch, i) => {
    let d = Number(ch);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  });
  return sum % 10 === 0;
}

/** ISO 7064 MOD 11,10 (pure hybrid system), last digit is the check digit: DE and HR. */
function mod11_10(s: string): boolean {
  let product = 10;
  for (const d of digits(s.slice(0, -1))) {
    const sum = (d + product) % 10 || 10;
    product = (2 * sum) % 11;
  }
  return (11 - product) % 10 === Number(s.at(-1));
}

/** ISO 7064 MOD 97-10 over a string whose letters count A=10 … Z=35. */
function mod97_10(s: string): boolean {
  const numeric = [...s].map((ch) => (/[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch)).join('');
  return [...numeric].reduce((rest, ch) => (rest * 10 + Number(ch)) % 97, 0) === 1;
}

const CHECKS: Readonly<Record<string, CheckDigit>> = {
  // Luhn-like over U + 8 digits: doubled digits at even positions summed as digits, +4.
  AT: (b) => {
    const ds = digits(b.slice(1));
    const sum = ds.slice(0, 7).reduce((s, d, i) => s + (i % 2 === 1 ? Math.floor((2 * d) / 10) + ((2 * d) % 10) : d), 0);
    return (10 - ((sum + 4) % 10)) % 10 === ds[7];
  },
  // The first eight digits plus the last two are divisible by 97.
  BE: (b) => (Number(b.slice(0, 8)) + Number(b.slice(8))) % 97 === 0,
  DE: mod11_10,
  DK: (b) => weightedSum(digits(b), [2, 7, 6, 5, 4, 3, 2, 1]) % 11 === 0,
  EE: (b) => weightedSum(digits(b), [3, 7, 1, 3, 7, 1, 3, 7, 1]) % 10 === 0,
  EL: (b) => (weightedSum(digits(b), [256, 128, 64, 32, 16, 8, 4, 2]) % 11) % 10 === Number(b[8]),
  FI: (b) => {
    const rest = weightedSum(digits(b), [7, 9, 10, 5, 8, 4, 2]) % 11;
    return rest !== 1 && (rest === 0 ? 0 : 11 - rest) === Number(b[7]);
  },
  // The SIREN passes Luhn (Monaco's 000… numbers excepted); a numeric key is (SIREN × 100 + 12) mod 97.
  FR: (b) =>
    (luhn(b.slice(2)) || b.startsWith('000', 2)) && (!/^\d\d$/.test(b.slice(0, 2)) || (12 + 3 * (Number(b.slice(2)) % 97)) % 97 === Number(b.slice(0, 2))),
  HR: mod11_10,
  HU: (b) => weightedSum(digits(b), [9, 7, 3, 1, 9, 7, 3, 1]) % 10 === 0,
  IT: (b) => !b.startsWith('0000000') && luhn(b),
  MT: (b) => weightedSum(digits(b), [3, 4, 6, 7, 8, 9, 10, 1]) % 37 === 0,
  LU: (b) => Number(b.slice(0, 6)) % 89 === Number(b.slice(6)),
  // Legal entities: the "11-test"; sole proprietors (since 2020): MOD 97-10 over the whole number with prefix.
  NL: (b) => weightedSum(digits(b.slice(0, 9)), [9, 8, 7, 6, 5, 4, 3, 2, -1]) % 11 === 0 || mod97_10(`NL${b}`),
  PL: (b) => weightedSum(digits(b), [6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11 === Number(b[9]),
  PT: (b) => {
    const check = 11 - (weightedSum(digits(b), [9, 8, 7, 6, 5, 4, 3, 2]) % 11);
    return (check >= 10 ? 0 : check) === Number(b[8]);
  },
  SE: (b) => luhn(b.slice(0, 10)),
  SI: (b) => {
    const check = 11 - (weightedSum(digits(b), [8, 7, 6, 5, 4, 3, 2]) % 11);
    return check !== 11 && (check === 10 ? 0 : check) === Number(b[7]);
  },
  SK: (b) => BigInt(b) % 11n === 0n,
};

/** The number after the prefix, per state (VIES syntax). */
const PATTERNS: Readonly<Record<string, RegExp>> = {
  AT: /^U\d{8}$/,
  BE: /^[01]\d{9}$/,
  BG: /^\d{9,10}$/,
  CY: /^[0-59]\d{7}[A-Z]$/,
  CZ: /^\d{8,10}$/,
  DE: /^[1-9]\d{8}$/,
  DK: /^[1-9]\d{7}$/,
  EE: /^\d{9}$/,
  EL: /^\d{9}$/,
  ES: /^(?:[A-Z]\d{7}[A-Z0-9]|\d{8}[A-Z])$/,
  FI: /^\d{8}$/,
  FR: /^[0-9A-HJ-NP-Z]{2}\d{9}$/,
  HR: /^\d{11}$/,
  HU: /^\d{8}$/,
  IE: /^(?:\d[A-Z0-9+*]\d{5}[A-W]|\d{7}[A-W][A-I])$/,
  IT: /^\d{11}$/,
  LT: /^(?:\d{9}|\d{12})$/,
  LU: /^\d{8}$/,
  LV: /^\d{11}$/,
  MT: /^[1-9]\d{7}$/,
  NL: /^\d{9}B\d{2}$/,
  PL: /^\d{10}$/,
  PT: /^[1-9]\d{8}$/,
  RO: /^[1-9]\d{1,9}$/,
  SE: /^\d{10}01$/,
  SI: /^[1-9]\d{7}$/,
  SK: /^[1-9]\d{9}$/,
  // Northern Ireland keeps UK numbers under the prefix XI (Windsor Framework).
  XI: /^(?:\d{9}|\d{12}|GD[0-4]\d{2}|HA[5-9]\d{2})$/,
  // Third countries whose numbers customers commonly give (syntax only).
  GB: /^(?:\d{9}|\d{12}|GD[0-4]\d{2}|HA[5-9]\d{2})$/,
  CH: /^E\d{9}(?:MWST|TVA|IVA)?$/,
  NO: /^\d{9}(?:MVA)?$/,
};

/** Member states whose VAT IDs take part in VIES (27, Greece as EL) plus Northern Ireland. */
export const EU_VAT_PREFIXES: readonly string[] = Object.keys(PATTERNS).filter((p) => !['GB', 'CH', 'NO'].includes(p));

/** Why a VAT ID is not valid, or null when it is. The message names the rule it breaks. */
export function vatIdProblem(vatId: string): string | null {
  if (!/^[A-Z]{2}[0-9A-Z+*]+$/.test(vatId)) return 'must be a VAT ID: country prefix and number in upper case without spaces, e.g. DE136695976';
  const prefix = vatId.slice(0, 2);
  const body = vatId.slice(2);
  if (prefix === 'GR') return 'Greek VAT IDs start with EL, not GR';
  const pattern = PATTERNS[prefix];
  if (!pattern) return `${prefix} is not a VAT ID prefix of an EU member state (or XI, GB, CH, NO)`;
  if (!pattern.test(body)) return `is not a valid ${prefix} VAT ID (wrong length or characters)`;
  const check = CHECKS[prefix];
  if (check && !check(body)) return `is not a valid ${prefix} VAT ID (check digit does not match)`;
  return null;
}

export function isValidVatId(vatId: string): boolean {
  return vatIdProblem(vatId) === null;
}

/** Compact upper-case form for comparing numbers written with spaces, dots or dashes. */
export function compactVatId(vatId: string): string {
  return vatId.replace(/[\s.\-]/g, '').toUpperCase();
}
