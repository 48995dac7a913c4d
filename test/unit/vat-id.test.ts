import { EU_VAT_PREFIXES, isValidVatId, vatIdProblem } from '../../shared/vat-id.ts';
import { isCountryCode } from '../../shared/countries.ts';

/**
 * Per state: IDs that must pass (public example numbers with a valid check
 * digit where the state defines one) and IDs that must fail (wrong length or
 * characters, and the same number with a wrong check digit).
 */
const TABLE: [prefix: string, valid: string[], invalid: string[]][] = [
  ['AT', ['ATU13585627'], ['ATU13585626', 'AT13585627', 'ATU1358562']],
  ['BE', ['BE0403019261', 'BE0776091951'], ['BE0403019262', 'BE2403019261', 'BE040301926']],
  ['BG', ['BG175074752', 'BG7523169263'], ['BG17507475', 'BG17507475212']],
  ['CY', ['CY10259033P'], ['CY102590331', 'CY1025903P']],
  ['CZ', ['CZ25123891', 'CZ7103192745'], ['CZ2512389', 'CZ71031927451']],
  ['DE', ['DE136695976', 'DE811907980', 'DE129274202'], ['DE136695977', 'DE12', 'DE036695976', 'DE1366959761']],
  ['DK', ['DK13585628'], ['DK13585627', 'DK1358562']],
  ['EE', ['EE100931558'], ['EE100931559', 'EE10093155']],
  ['EL', ['EL094259216'], ['EL094259217', 'EL09425921']],
  ['ES', ['ESA13585625', 'ESX2482300W', 'ES54362315K'], ['ES1234567', 'ESA1358562']],
  ['FI', ['FI20774740'], ['FI20774741', 'FI2077474']],
  ['FR', ['FR40303265045'], ['FR41303265045', 'FR40303265046', 'FR4030326504']],
  ['HR', ['HR33392005961'], ['HR33392005962', 'HR3339200596']],
  ['HU', ['HU12892312'], ['HU12892313', 'HU1289231']],
  ['IE', ['IE6433435F', 'IE8D79739I', 'IE6433435OA'], ['IE643343F', 'IEA433435F']],
  ['IT', ['IT00743110157'], ['IT00743110158', 'IT0074311015']],
  ['LT', ['LT119511515', 'LT100001919017'], ['LT11951151', 'LT1000019190171']],
  ['LU', ['LU15027442'], ['LU15027443', 'LU1502744']],
  ['LV', ['LV40003521600'], ['LV4000352160', 'LV400035216001']],
  ['MT', ['MT11679112'], ['MT11679113', 'MT1167911']],
  ['NL', ['NL004495445B01'], ['NL004495446B01', 'NL004495445', 'NL004495445C01']],
  ['PL', ['PL8567346215'], ['PL8567346216', 'PL856734621']],
  ['PT', ['PT501964843'], ['PT501964844', 'PT50196484']],
  ['RO', ['RO18547290', 'RO11'], ['RO1', 'RO01854729']],
  ['SE', ['SE123456789701'], ['SE123456789801', 'SE123456789702', 'SE1234567897']],
  ['SI', ['SI50223054'], ['SI50223055', 'SI5022305']],
  ['SK', ['SK2022749619'], ['SK2022749618', 'SK202274961']],
  ['XI', ['XI123456789', 'XIGD001'], ['XI12345678', 'XIGD500']],
];

describe('VAT IDs', () => {
  it('covers the 27 member states (Greece as EL) and Northern Ireland', () => {
    expect([...EU_VAT_PREFIXES].sort()).toEqual(TABLE.map(([p]) => p).sort());
    expect(EU_VAT_PREFIXES).toHaveLength(28);
  });

  describe.each(TABLE)('%s', (_prefix, valid, invalid) => {
    it.each(valid)('accepts %s', (id) => expect(vatIdProblem(id)).toBeNull());
    it.each(invalid)('refuses %s', (id) => expect(isValidVatId(id)).toBe(false));
  });

  it('says why: check digit, length, prefix, format', () => {
    expect(vatIdProblem('DE136695977')).toMatch(/check digit/);
    expect(vatIdProblem('DE12')).toMatch(/wrong length/);
    expect(vatIdProblem('GR094259216')).toMatch(/EL, not GR/);
    expect(vatIdProblem('XX123456789')).toMatch(/not a VAT ID prefix/);
    expect(vatIdProblem('de136695976')).toMatch(/upper case/);
    expect(vatIdProblem('DE 136 695 976')).toMatch(/without spaces/);
  });

  it('takes third-country numbers of GB, CH and NO by syntax', () => {
    for (const id of ['GB123456789', 'CHE123456789MWST', 'NO123456789MVA']) expect(vatIdProblem(id)).toBeNull();
    for (const id of ['GB1234', 'CHE12345678', 'US123456789']) expect(isValidVatId(id)).toBe(false);
  });
});

describe('ISO 3166-1 alpha-2 countries', () => {
  it.each(['DE', 'AT', 'GR', 'GB', 'CH', 'US', 'XK', 'AX'])('accepts %s', (c) => expect(isCountryCode(c)).toBe(true));
  // EL and UK are used for VAT and mail, EU is reserved, but none is an ISO country code.
  it.each(['XX', 'EL', 'UK', 'EU', 'de', 'D', 'DEU', ''])('refuses %s', (c) => expect(isCountryCode(c)).toBe(false));
});
