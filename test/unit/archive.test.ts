import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { retentionUntil } from '../../services/document/src/archive/retention.ts';
import { canonicalEntry, chainHash, GENESIS_HASH, walkChain, type ChainEntry, type StoredChainEntry } from '../../services/document/src/archive/chain.ts';
import { templateVersionOf } from '../../services/document/src/archive/template-version.ts';
import { issueDateOf, languageOf } from '../../services/document/src/document.service.ts';
import type { RenderRequest } from '../../shared/contracts/document/index.ts';

describe('retention dates', () => {
  it('keep invoices, corrections and reminders 8 full years after the end of the issue year', () => {
    expect(retentionUntil('invoice', '2026-01-01')).toBe('2034-12-31');
    expect(retentionUntil('invoice', '2026-12-31')).toBe('2034-12-31');
    expect(retentionUntil('cancellation', '2027-06-15')).toBe('2035-12-31');
    expect(retentionUntil('credit_note', '2024-02-29')).toBe('2032-12-31');
    expect(retentionUntil('reminder', '2026-03-01')).toBe('2034-12-31');
  });

  it('keep quotes, orders, delivery notes and pick lists 6 years', () => {
    for (const kind of ['quote', 'order', 'delivery_note', 'pick_list'] as const) expect(retentionUntil(kind, '2026-07-01')).toBe('2032-12-31');
  });

  it('count the calendar year of a timestamp in UTC', () => {
    // 31 Dec 23:30 in UTC is already 1 Jan in Berlin; the UTC year counts, as the stored issue time is UTC.
    expect(retentionUntil('invoice', new Date('2026-12-31T23:30:00Z'))).toBe('2034-12-31');
    expect(retentionUntil('quote', new Date('2027-01-01T00:00:00Z'))).toBe('2033-12-31');
  });

  it('refuse a date without a year', () => {
    expect(() => retentionUntil('invoice', 'soon')).toThrow(/issue year/);
  });
});

const entry = (seq: number, over: Partial<ChainEntry> = {}): ChainEntry => ({
  seq,
  number: `RE-2026-0000${seq}`,
  kind: 'invoice',
  revision: 1,
  version: 1,
  sha256: createHash('sha256').update(`pdf ${seq}`).digest('hex'),
  at: `2026-12-01T10:00:0${seq}.000Z`,
  ...over,
});

function chain(n: number): StoredChainEntry[] {
  const out: StoredChainEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const e = entry(seq);
    const hash = chainHash(prev, e);
    out.push({ ...e, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe('audit chain hashes', () => {
  it('hash sha256(prevHash + canonical entry) with a fixed field order', () => {
    const e = entry(1);
    expect(canonicalEntry(e)).toBe(`[1,"RE-2026-00001","invoice",1,"${e.sha256}","2026-12-01T10:00:01.000Z"]`);
    // Key order of the object does not matter, the canonical form does.
    const reordered = { at: e.at, sha256: e.sha256, version: 1, revision: 1, kind: 'invoice', number: e.number, seq: 1 } as ChainEntry;
    expect(chainHash(GENESIS_HASH, reordered)).toBe(chainHash(GENESIS_HASH, e));
    expect(chainHash(GENESIS_HASH, e)).toBe(
      createHash('sha256')
        .update('0'.repeat(64) + canonicalEntry(e))
        .digest('hex'),
    );
    expect(chainHash(GENESIS_HASH, e)).not.toBe(chainHash('1'.repeat(64), e));
  });

  it('hash a regenerated version with its version number; version 1 as before versions existed', () => {
    const e = entry(1, { version: 2 });
    expect(canonicalEntry(e)).toBe(`[1,"RE-2026-00001","invoice",1,"${e.sha256}","2026-12-01T10:00:01.000Z",2]`);
    expect(chainHash(GENESIS_HASH, e)).not.toBe(chainHash(GENESIS_HASH, entry(1)));
  });

  it('verify a clean chain, and the empty one', async () => {
    await expect(walkChain(chain(5))).resolves.toEqual({ ok: true, entries: 5 });
    await expect(walkChain([])).resolves.toEqual({ ok: true, entries: 0 });
  });

  it('name the first broken seq of a changed entry, a changed hash, a gap and a bad document', async () => {
    const changed = chain(5);
    changed[2] = { ...changed[2]!, sha256: 'f'.repeat(64) };
    await expect(walkChain(changed)).resolves.toMatchObject({ ok: false, entries: 5, firstBrokenSeq: 3, problem: expect.stringMatching(/hash of seq 3/) });

    // Re-hashing the changed entry does not help: the next entry's prevHash gives it away.
    const rehashed = chain(5);
    rehashed[1] = { ...rehashed[1]!, revision: 2 };
    rehashed[1] = { ...rehashed[1], hash: chainHash(rehashed[1].prevHash, rehashed[1]) };
    await expect(walkChain(rehashed)).resolves.toMatchObject({ ok: false, firstBrokenSeq: 3, problem: expect.stringMatching(/prevHash of seq 3/) });

    const gap = chain(4).filter((e) => e.seq !== 2);
    await expect(walkChain(gap)).resolves.toMatchObject({ ok: false, firstBrokenSeq: 3, problem: 'expected seq 2, found 3' });

    const badBytes = await walkChain(chain(4), async (e) => (e.seq === 4 ? 'bytes differ' : null));
    expect(badBytes).toEqual({ ok: false, entries: 4, firstBrokenSeq: 4, problem: 'bytes differ' });
  });
});

describe('archive metadata', () => {
  it('version templates by the hash of every file, so any change makes a new version', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tpl-'));
    mkdirSync(join(dir, 'invoice'));
    writeFileSync(join(dir, 'layout.ejs'), '<html><%- page.body %></html>');
    writeFileSync(join(dir, 'invoice', 'invoice.ejs'), 'Rechnung');
    const v1 = templateVersionOf(dir);
    expect(v1).toMatch(/^tpl-[0-9a-f]{16}$/);
    expect(templateVersionOf(dir)).toBe(v1);
    writeFileSync(join(dir, 'invoice', 'invoice.ejs'), 'Rechnung!');
    expect(templateVersionOf(dir)).not.toBe(v1);
  });

  it("take the language from the customer snapshot where it has one, else German, and the invoice's issue date", () => {
    const req = (document: object) => ({ kind: 'invoice', document }) as unknown as RenderRequest;
    expect(languageOf(req({ customer: { name: 'A' } }))).toBe('de');
    expect(languageOf(req({ customer: { language: 'en' } }))).toBe('en');
    expect(languageOf(req({ customer: { language: 'fr' } }))).toBe('de');
    expect(languageOf(req({}))).toBe('de');
    expect(issueDateOf(req({ issueDate: '2026-11-30' }))).toBe('2026-11-30');
    expect(issueDateOf(req({}))).toBeUndefined();
    expect(issueDateOf(req({ createdAt: '2026-12-31T23:59:00.000Z' }))).toBe('2026-12-31T23:59:00.000Z');
    expect(issueDateOf({ kind: 'quote', document: { createdAt: '2026-12-31T23:59:00.000Z' } } as unknown as RenderRequest)).toBeUndefined();
  });
});
