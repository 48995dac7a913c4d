import { z } from 'zod';
import type { Request } from 'express';
import type { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { DomainError, ValidationError } from '../../../../shared/errors.ts';
import { text, zodIssues } from '../../../../shared/validation.ts';
import { ROLES, type PrincipalCache } from '../auth/api-keys.ts';
import { verifyPassword } from '../auth/passwords.ts';
import { SignInThrottle } from '../auth/sign-in-throttle.ts';
import { changeUser, closeSession, createUser, findUserRow, getUser, listUsers, openSession, userAudit } from '../auth/users.ts';
import { route, type Route, type RouteAuth } from '../http/routes.ts';
import { ALL_ROLES } from './common.ts';

/** A user name: letters, digits, dot, dash, underscore, @ (it is the id in every audit trail). */
const userName = z
  .string()
  .min(2)
  .max(100)
  .regex(/^[\p{L}\p{N}._@-]+$/u, 'letters, digits and . _ @ - only');
const password = z.string().min(10, 'at least 10 characters').max(200, 'at most 200 characters');
const roles = z.array(z.enum(ROLES)).min(1, 'at least one role').max(ROLES.length);
const signInSchema = z.object({ name: z.string().min(1).max(100), password: z.string().min(1).max(200) });
const newUserSchema = z.object({ name: userName, displayName: text(200), roles, password: password.optional() });
const changeSchema = z.object({ roles: roles.optional(), displayName: text(200).optional(), disabled: z.boolean().optional(), password: password.optional() });

/**
 * The address a sign-in comes from: the socket's, or, when the caller is on this machine (the staff
 * web app), the client address it forwards in X-Forwarded-For.
 */
function clientAddress(req: Request): string {
  const socket = req.socket.remoteAddress ?? 'unknown';
  const forwarded = req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
  const local = socket === '127.0.0.1' || socket === '::1' || socket === '::ffff:127.0.0.1';
  return local && forwarded ? forwarded : socket;
}

/** Wrong passwords counted per user name (3 free) and per client address over all names (20 free: a whole office behind one address). */
export interface SignInThrottles {
  byName: SignInThrottle;
  byAddress: SignInThrottle;
}

export const signInThrottles = (): SignInThrottles => ({ byName: new SignInThrottle(), byAddress: new SignInThrottle({ freeFailures: 20 }) });

/**
 * Name and password as the credentials of the sign-in route. Repeated wrong passwords lock out the
 * name, and many from one client address lock out that address, for a time that doubles with each
 * failure (429 sign_in_throttled with Retry-After); while locked, even the right password is refused.
 */
function passwordAuth(orm: MikroORM<PostgreSqlDriver>, throttle: SignInThrottles): RouteAuth {
  return {
    scheme: 'password',
    securityScheme: {
      type: 'http',
      scheme: 'basic',
      description:
        'No API key: the body carries the user name and password. After 3 wrong passwords for a name (or 20 from one client address) ' +
        'it is locked for 2 s, doubling with every further failure (up to 15 min): 429 sign_in_throttled with Retry-After, even for the right password.',
    },
    authenticate: async (req) => {
      const parsed = signInSchema.safeParse(req.body ?? {});
      if (!parsed.success) throw new ValidationError('name and password are required', zodIssues(parsed.error));
      const { name } = parsed.data;
      const nameKey = [name.toLowerCase()];
      const addressKey = [clientAddress(req)];
      const wait = Math.max(throttle.byName.waitMs(nameKey), throttle.byAddress.waitMs(addressKey));
      if (wait > 0) {
        req.res?.set('Retry-After', String(Math.ceil(wait / 1000)));
        throw new DomainError(429, 'sign_in_throttled', `too many wrong passwords for ${name}: try again in ${Math.ceil(wait / 1000)} s`, [
          { field: 'password', message: 'too many wrong attempts' },
        ]);
      }
      const user = await findUserRow(orm.em.fork(), name);
      const good = await verifyPassword(parsed.data.password, user?.password_hash ?? null);
      if (!user || !good || user.disabled) {
        throttle.byName.failed(nameKey);
        throttle.byAddress.failed(addressKey);
        // One answer for an unknown name, a wrong password and a disabled account: nothing to learn from it.
        throw new DomainError(401, 'sign_in_failed', 'unknown name or wrong password', [{ field: 'password', message: 'unknown name or wrong password' }]);
      }
      throttle.byName.succeeded(nameKey);
      return { id: user.name, role: user.roles[0]! as (typeof ROLES)[number], roles: user.roles as (typeof ROLES)[number][] };
    },
  };
}

/** Sign-in sessions for the staff web app, the signed-in user, and the administration of staff accounts. */
export function userRoutes(orm: MikroORM<PostgreSqlDriver>, principals: PrincipalCache, throttle = signInThrottles()): Route[] {
  const em = () => orm.em.fork();
  return [
    route({
      method: 'post',
      path: '/sessions',
      tag: 'Users',
      summary: 'Sign in with name and password: answers a session token (Bearer) that acts in all of the user’s roles until it expires',
      roles: ALL_ROLES,
      auth: passwordAuth(orm, throttle),
      body: signInSchema,
      status: 201,
      noIdempotency: true,
      handler: async ({ actor }) => {
        const user = (await findUserRow(em(), actor.id))!;
        const session = await openSession(em(), user);
        return { ...session, user: await getUser(em(), user.name) };
      },
    }),
    route({
      method: 'post',
      path: '/sessions/current/end',
      tag: 'Users',
      summary: 'Sign out: ends the session whose token is sent',
      roles: ALL_ROLES,
      handler: async ({ actor, res }) => {
        const header = res.req.header('authorization');
        await closeSession(em(), header?.slice(7).trim(), actor.id);
        principals.clear();
        return { signedOut: true };
      },
    }),
    route({
      method: 'get',
      path: '/me',
      tag: 'Users',
      summary: 'The signed-in user (or the key’s user) with their roles',
      roles: ALL_ROLES,
      handler: ({ actor }) => getUser(em(), actor.id),
    }),
    route({
      method: 'get',
      path: '/users',
      tag: 'Users',
      summary: 'List staff accounts',
      roles: [],
      handler: () => listUsers(em()),
    }),
    route({
      method: 'post',
      path: '/users',
      tag: 'Users',
      summary: 'Create a staff account with roles and (optionally) a password',
      roles: [],
      body: newUserSchema,
      status: 201,
      handler: ({ body, actor }) => createUser(em(), actor.id, body),
    }),
    route({
      method: 'get',
      path: '/users/{name}',
      tag: 'Users',
      summary: 'Get a staff account',
      roles: [],
      handler: ({ params }) => getUser(em(), params.name),
    }),
    route({
      method: 'post',
      path: '/users/{name}',
      tag: 'Users',
      summary: 'Change a staff account: roles, display name, disabled (ends its sessions and stops its keys) or a new password',
      roles: [],
      body: changeSchema,
      handler: async ({ params, body, actor }) => {
        const user = await changeUser(em(), actor.id, params.name, body);
        principals.clear();
        return user;
      },
    }),
    route({
      method: 'get',
      path: '/users/{name}/audit',
      tag: 'Users',
      summary: 'The audit trail of a staff account (created, changed, disabled, password reset, sign-ins)',
      roles: [],
      handler: ({ params }) => userAudit(em(), params.name),
    }),
  ];
}
