import { parseIdempotencyKey, requestHash, scopedKey } from '../../services/gateway/src/http/idempotency.ts';
import { documentWhere, toPage } from '../../shared/contracts/lists.ts';
import { orderListQuery } from '../../shared/contracts/order/index.ts';
import { thrown } from '../helpers/thrown.ts';

describe('idempotency request hash and key', () => {
  it('hashes the body as canonical JSON: key order and absent fields do not matter, values do', () => {
    expect(requestHash({ amount: '1.00', reference: 'R', nested: { b: 1, a: [1, { y: 2, x: 1 }] } })).toBe(
      requestHash({ nested: { a: [1, { x: 1, y: 2 }], b: 1 }, reference: 'R', amount: '1.00' }),
    );
    expect(requestHash({ amount: '1.00', reference: undefined })).toBe(requestHash({ amount: '1.00' }));
    expect(requestHash(undefined)).toBe(requestHash({}));
    expect(requestHash({ amount: '1.00' })).not.toBe(requestHash({ amount: '1.0' }));
    expect(requestHash({ lines: [1, 2] })).not.toBe(requestHash({ lines: [2, 1] }));
  });

  it('scopes the key handed on to services by caller and route', () => {
    const base = { caller: 'anna', route: 'POST /api/v1/invoices/RE-2026-00001/payments', key: 'k1' };
    expect(scopedKey(base)).toBe(scopedKey({ ...base }));
    expect(scopedKey(base)).not.toBe(scopedKey({ ...base, caller: 'ben' }));
    expect(scopedKey(base)).not.toBe(scopedKey({ ...base, route: 'POST /api/v1/invoices/RE-2026-00002/payments' }));
    expect(scopedKey(base).length).toBeLessThanOrEqual(200);
  });

  it('accepts 1 to 200 visible ASCII characters and names the header otherwise', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
    expect(parseIdempotencyKey('3f0c-uuid_like:key')).toBe('3f0c-uuid_like:key');
    for (const bad of ['', 'x'.repeat(201), 'mit leerzeichen', 'schlüssel']) {
      const err = thrown(() => parseIdempotencyKey(bad)) as { status: number; issues: { field: string }[] };
      expect(err.status).toBe(400);
      expect(err.issues.map((i) => i.field)).toEqual(['Idempotency-Key']);
    }
  });
});

describe('list filters and pages', () => {
  it('tells from the extra row whether another page follows', () => {
    expect(toPage([1, 2, 3], { limit: 2, offset: 4 }, String)).toEqual({ items: ['1', '2'], hasMore: true, nextOffset: 6 });
    expect(toPage([1, 2], { limit: 2, offset: 4 }, String)).toEqual({ items: ['1', '2'], hasMore: false, nextOffset: null });
    expect(toPage([], { limit: 2, offset: 0 }, String)).toEqual({ items: [], hasMore: false, nextOffset: null });
  });

  it('turns a date range into Europe/Berlin day bounds, summer and winter', () => {
    expect(documentWhere({ from: '2026-07-01', to: '2026-12-01' })).toEqual({
      createdAt: { $gte: new Date('2026-06-30T22:00:00Z'), $lt: new Date('2026-12-01T23:00:00Z') },
    });
    expect(documentWhere({ customer: 'K-10032', number: 'AB-2026-00001' })).toEqual({ customer: { number: 'K-10032' }, number: 'AB-2026-00001' });
    expect(documentWhere({ customer: 'cus_1' })).toEqual({ customer: { id: 'cus_1' } });
    expect(documentWhere({})).toEqual({});
  });

  it('checks query values against the real states and the range order', () => {
    expect(orderListQuery.parse({ limit: '5', status: 'open' })).toMatchObject({ limit: 5, offset: 0, status: 'open' });
    expect(orderListQuery.safeParse({ status: 'shipped' }).error?.issues[0]?.path).toEqual(['status']);
    expect(orderListQuery.safeParse({ from: '2026-12-02', to: '2026-12-01' }).error?.issues[0]?.path).toEqual(['to']);
    expect(orderListQuery.safeParse({ limit: '201' }).success).toBe(false);
  });
});
