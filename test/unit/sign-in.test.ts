import { describe, expect, it } from '@jest/globals';
import { hashPassword, verifyPassword } from '../../services/gateway/src/auth/passwords.ts';
import { SignInThrottle } from '../../services/gateway/src/auth/sign-in-throttle.ts';
import { actingRole } from '../../services/gateway/src/http/routes.ts';

describe('passwords', () => {
  it('stores scrypt with a random salt and checks in constant time', async () => {
    const a = await hashPassword('richtig-geheim');
    const b = await hashPassword('richtig-geheim');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{86}$/);
    expect(a).not.toBe(b); // a salt of its own each time
    await expect(verifyPassword('richtig-geheim', a)).resolves.toBe(true);
    await expect(verifyPassword('richtig-geheim ', a)).resolves.toBe(false);
    await expect(verifyPassword('', a)).resolves.toBe(false);
  });

  it('never matches a missing or malformed hash', async () => {
    await expect(verifyPassword('x', null)).resolves.toBe(false);
    await expect(verifyPassword('x', 'plain:x')).resolves.toBe(false);
    await expect(verifyPassword('x', 'scrypt$16384$8$1$AAAA$')).resolves.toBe(false);
  });
});

describe('SignInThrottle', () => {
  const rules = { freeFailures: 3, baseLockMs: 1_000, maxLockMs: 8_000, windowMs: 60_000 };
  it.each([
    [1, 0],
    [2, 0],
    [3, 1_000],
    [4, 2_000],
    [5, 4_000],
    [6, 8_000],
    [9, 8_000],
  ])('after %i failures in a row the key waits %i ms', (failures, wait) => {
    const t = new SignInThrottle(rules);
    for (let i = 0; i < failures; i++) t.failed(['anna'], 0);
    expect(t.waitMs(['anna'], 0)).toBe(wait);
    expect(t.waitMs(['bert'], 0)).toBe(0);
  });

  it('clears a key on success and forgets failures older than the window', () => {
    const t = new SignInThrottle(rules);
    t.failed(['anna'], 0);
    t.failed(['anna'], 0);
    t.succeeded(['anna']);
    t.failed(['anna'], 0);
    expect(t.waitMs(['anna'], 0)).toBe(0);
    t.failed(['anna'], 0);
    t.failed(['anna'], 70_000); // the two before are out of the window
    expect(t.waitMs(['anna'], 70_000)).toBe(0);
  });

  it('waits for the longest lock of several keys', () => {
    const t = new SignInThrottle(rules);
    for (let i = 0; i < 4; i++) t.failed(['name'], 0);
    expect(t.waitMs(['name', 'address'], 500)).toBe(1_500);
  });
});

describe('actingRole', () => {
  it.each([
    [['sales'], ['sales', 'sales_manager'], 'sales'],
    [['warehouse', 'accounting'], ['accounting'], 'accounting'],
    [['sales_manager', 'director'], ['sales_manager', 'director'], 'sales_manager'],
    [['planner', 'admin'], ['warehouse'], 'admin'],
    [['sales'], ['warehouse'], null],
    [['sales'], [], null],
  ] as const)('a caller with %j on a route for %j acts as %s', (roles, allowed, expected) => {
    expect(actingRole({ id: 'u', role: roles[0], roles }, allowed)).toBe(expected);
  });
});
