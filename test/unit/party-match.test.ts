import { documentSnapshot, normalizePartyName, sameParty } from '../../services/quote/src/domain/party-match.ts';

const billing = () => ({ name: 'Alpha GmbH', street: 'Hauptstraße 1', postalCode: '10115', city: 'Berlin', country: 'DE' });

describe('matching billing data to a known customer', () => {
  it.each([
    ['Müller GmbH', 'MÜLLER  gmbh'],
    ['Müller GmbH', 'Müller G.m.b.H.'],
    ['Müller GmbH & Co. KG', 'Müller GmbH & Co KG'],
    ['Beta-Werke AG', 'Beta Werke AG'],
    [' Krause KG ', 'Krause KG'],
  ])('%s is the same party as %s', (a, b) => expect(sameParty(a, b)).toBe(true));

  it.each([
    ['Alpha Stahlbau GmbH', 'Beta Logistik AG'],
    ['Müller GmbH', 'Müller AG'],
    ['Müller GmbH', 'Müller Söhne GmbH'],
  ])('%s is not %s', (a, b) => expect(sameParty(a, b)).toBe(false));

  it('normalises to lower case, single spaces and joined initials', () => {
    expect(normalizePartyName('  A.B.C. Handel  G.m.b.H. ')).toBe('abc handel gmbh');
  });

  it('prints the given addresses under the known customer number, shipping copying billing', () => {
    const master = {
      id: 'cus_1',
      number: 'K-10001',
      name: 'Alpha GmbH',
      vatId: 'DE136695976',
      email: 'a@alpha.example',
      billingAddress: { name: 'Alpha GmbH', street: 'Alt 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
      shippingAddress: { name: 'Alpha Lager', street: 'Lager 2', postalCode: '10115', city: 'Berlin', country: 'DE' },
    };
    const billing = { name: 'ALPHA GmbH', street: 'Neu 3', postalCode: '80331', city: 'München', country: 'DE' };
    const snap = documentSnapshot(master, { name: 'ALPHA GmbH', billingAddress: billing });
    expect(snap).toEqual({
      id: 'cus_1',
      number: 'K-10001',
      name: 'ALPHA GmbH',
      billingAddress: billing,
      shippingAddress: billing,
      vatId: 'DE136695976',
      email: 'a@alpha.example',
    });
    const shipping = { ...billing, street: 'Rampe 4' };
    expect(documentSnapshot(master, { name: 'Alpha GmbH', billingAddress: billing, shippingAddress: shipping, vatId: null })).toMatchObject({
      shippingAddress: shipping,
      vatId: null,
    });
  });

  it("carries the customer's document language: the one given with the billing data, else the master's", () => {
    const master = { id: 'cus_1', number: 'K-10001', name: 'Alpha GmbH', billingAddress: billing(), shippingAddress: billing(), language: 'en' as const };
    expect(documentSnapshot(master, { name: 'Alpha GmbH', billingAddress: billing() }).language).toBe('en');
    expect(documentSnapshot(master, { name: 'Alpha GmbH', billingAddress: billing(), language: 'de' }).language).toBe('de');
    const { language: _none, ...older } = master;
    expect(documentSnapshot(older, { name: 'Alpha GmbH', billingAddress: billing() })).not.toHaveProperty('language');
  });
});
