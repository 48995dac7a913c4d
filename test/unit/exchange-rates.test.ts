import { describe, it, expect, beforeAll, afterAll, afterEach } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureExchangeRate, parseEcbXml } from '../../services/quote/src/domain/pricing/exchange-rates.ts';
import { ValidationError } from '../../shared/errors.ts';
import { thrown } from '../helpers/thrown.ts';

/** The shape of the ECB's eurofxref-daily.xml, cut down to a few rates. */
function ecbXml(rates: Record<string, string>, quote: "'" | '"' = "'"): string {
  const cubes = Object.entries(rates)
    .map(([c, r]) => `\t\t\t<Cube currency=${quote}${c}${quote} rate=${quote}${r}${quote}/>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
\t<gesmes:subject>Reference rates</gesmes:subject>
\t<gesmes:Sender>
\t\t<gesmes:name>European Central Bank</gesmes:name>
\t</gesmes:Sender>
\t<Cube>
\t\t<Cube time='2026-01-02'>
${cubes}
\t\t</Cube>
\t</Cube>
</gesmes:Envelope>`;
}

describe('parseEcbXml', () => {
  it('reads every currency and rate, as strings', () => {
    const rates = parseEcbXml(ecbXml({ USD: '1.0850', JPY: '162.35', GBP: '0.83015', KWD: '0.3331' }));
    expect(Object.fromEntries(rates)).toEqual({ USD: '1.0850', JPY: '162.35', GBP: '0.83015', KWD: '0.3331' });
  });

  it('accepts double quotes too', () => {
    expect(Object.fromEntries(parseEcbXml(ecbXml({ CHF: '0.9312' }, '"')))).toEqual({ CHF: '0.9312' });
  });

  it('ignores the time cube and anything that is not a rate', () => {
    const xml = ecbXml({ USD: '1.0850' }).replace('<gesmes:subject>', '<!-- currency="QQQ" --><gesmes:subject>');
    expect([...parseEcbXml(xml).keys()]).toEqual(['USD']);
  });

  it('nothing to read: no rates', () => {
    expect(parseEcbXml('').size).toBe(0);
    expect(parseEcbXml('<Cube><Cube time="2026-01-02"></Cube></Cube>').size).toBe(0);
  });
});

describe('captureExchangeRate', () => {
  const now = new Date('2026-01-02T16:00:00.000Z');
  let dir: string;
  let file: string;
  const saved = process.env.EXCHANGE_RATES_FILE;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kontor-rates-'));
    file = join(dir, 'eurofxref-daily.xml');
    writeFileSync(file, ecbXml({ USD: '1.0850', JPY: '162.35' }));
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.EXCHANGE_RATES_FILE;
    else process.env.EXCHANGE_RATES_FILE = saved;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('EUR needs no rate and no file', () => {
    delete process.env.EXCHANGE_RATES_FILE;
    expect(captureExchangeRate('EUR', 'currency', now)).toEqual({
      base: 'EUR',
      quote: 'EUR',
      rate: '1',
      source: 'identity',
      capturedAt: '2026-01-02T16:00:00.000Z',
    });
  });

  it.each([
    ['USD', '1.0850'],
    ['JPY', '162.35'],
  ])('takes %s from the file named by EXCHANGE_RATES_FILE', (currency, rate) => {
    process.env.EXCHANGE_RATES_FILE = file;
    expect(captureExchangeRate(currency, 'currency', now)).toEqual({
      base: 'EUR',
      quote: currency,
      rate,
      source: 'ECB reference rate of 2026-01-02',
      capturedAt: '2026-01-02T16:00:00.000Z',
    });
  });

  it('reads the file on every call, so a new file applies without a restart', () => {
    process.env.EXCHANGE_RATES_FILE = file;
    const other = join(dir, 'newer.xml');
    writeFileSync(other, ecbXml({ USD: '1.1000' }));
    expect(captureExchangeRate('USD', 'currency', now).rate).toBe('1.0850');
    process.env.EXCHANGE_RATES_FILE = other;
    expect(captureExchangeRate('USD', 'currency', now).rate).toBe('1.1000');
  });

  it.each([
    { name: 'a currency the file lacks', env: true, currency: 'CHF', field: undefined, expected: 'currency' },
    { name: 'a currency the file lacks, named by the caller', env: true, currency: 'GBP', field: 'lines[0].currency', expected: 'lines[0].currency' },
    { name: 'no file configured', env: false, currency: 'USD', field: undefined, expected: 'currency' },
  ])('$name: 422 naming $expected', ({ env, currency, field, expected }) => {
    if (env) process.env.EXCHANGE_RATES_FILE = file;
    else delete process.env.EXCHANGE_RATES_FILE;
    const err = thrown(() => (field === undefined ? captureExchangeRate(currency) : captureExchangeRate(currency, field, now))) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.status).toBe(422);
    expect(err.code).toBe('validation_failed');
    expect(err.message).toBe(`no exchange rate for ${currency}`);
    expect(err.issues).toEqual([{ field: expected, message: `no exchange rate EUR/${currency} is available` }]);
  });
});
