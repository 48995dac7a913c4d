import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Em } from '../../../../shared/db/orm.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../../shared/errors.ts';
import { ROLES, type Role } from './api-keys.ts';
import { hashPassword } from './passwords.ts';

/** A staff account as the API shows it (never its password hash). */
export interface User {
  name: string;
  displayName: string;
  roles: Role[];
  disabled: boolean;
  hasPassword: boolean;
  createdAt: string;
  updatedAt: string;
}

interface UserRow {
  id: string;
  name: string;
  display_name: string;
  password_hash: string | null;
  roles: string[];
  disabled: boolean;
  created_at: Date | string;
  updated_at: Date | string;
}

const USER_COLUMNS = `id, name, display_name, password_hash, roles, disabled, created_at, updated_at`;

/** Raw queries answer timestamps as text or Date depending on the driver's settings. */
const iso = (d: Date | string) => new Date(d).toISOString();

function toUser(r: UserRow): User {
  return {
    name: r.name,
    displayName: r.display_name,
    roles: r.roles as Role[],
    disabled: r.disabled,
    hasPassword: r.password_hash !== null,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

/** Postgres array literal of role names (roles come from the ROLES list, so they need no quoting). */
const roleArray = (roles: readonly Role[]) => `{${[...new Set(roles)].join(',')}}`;

export async function findUserRow(em: Em, name: string): Promise<UserRow | null> {
  const [row] = await em.execute<UserRow[]>(`select ${USER_COLUMNS} from app_user where name = ?`, [name]);
  return row ?? null;
}

async function userRow(em: Em, name: string): Promise<UserRow> {
  const row = await findUserRow(em, name);
  if (!row) throw new NotFoundError(`no user named ${name}`, 'name');
  return row;
}

async function audit(em: Em, actor: string, userName: string, action: string, detail: Record<string, unknown> = {}): Promise<void> {
  await em.execute(`insert into user_audit (actor, user_name, action, detail) values (?, ?, ?, ?::jsonb)`, [actor, userName, action, JSON.stringify(detail)]);
}

export async function listUsers(em: Em): Promise<User[]> {
  return (await em.execute<UserRow[]>(`select ${USER_COLUMNS} from app_user order by name`)).map(toUser);
}

export async function getUser(em: Em, name: string): Promise<User> {
  return toUser(await userRow(em, name));
}

export interface NewUser {
  name: string;
  displayName: string;
  roles: Role[];
  password?: string | undefined;
}

/** Creates an account; 409 duplicate_name if the name is taken. */
export async function createUser(em: Em, actor: string, input: NewUser): Promise<User> {
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return em.transactional(async (tx) => {
    const [row] = await tx.execute<UserRow[]>(
      `insert into app_user (id, name, display_name, password_hash, roles) values (?, ?, ?, ?, ?::text[]) on conflict (name) do nothing returning ${USER_COLUMNS}`,
      [`usr_${randomUUID()}`, input.name, input.displayName, passwordHash, roleArray(input.roles)],
    );
    if (!row) throw new ConflictError(`a user named ${input.name} exists`, 'duplicate_name');
    await audit(tx, actor, input.name, 'created', { displayName: input.displayName, roles: input.roles, password: passwordHash ? 'set' : 'none' });
    return toUser(row);
  });
}

/** Changes an account: roles, display name, disabled flag or password; each change is audited, the password only as "reset". */
export async function changeUser(
  em: Em,
  actor: string,
  name: string,
  change: { roles?: Role[] | undefined; displayName?: string | undefined; disabled?: boolean | undefined; password?: string | undefined },
): Promise<User> {
  const passwordHash = change.password ? await hashPassword(change.password) : undefined;
  return em.transactional(async (tx) => {
    const before = await userRow(tx, name);
    if (actor === name && (change.disabled === true || (change.roles && before.roles.includes('admin') && !change.roles.includes('admin')))) {
      throw new ValidationError('admins may not lock themselves out', [
        { field: change.disabled ? 'disabled' : 'roles', message: 'you cannot disable yourself or take away your own admin role' },
      ]);
    }
    const sets: string[] = [];
    const values: unknown[] = [];
    const detail: Record<string, unknown> = {};
    if (change.roles) {
      sets.push('roles = ?::text[]');
      values.push(roleArray(change.roles));
      detail.roles = { from: before.roles, to: [...new Set(change.roles)] };
    }
    if (change.displayName !== undefined) {
      sets.push('display_name = ?');
      values.push(change.displayName);
      detail.displayName = { from: before.display_name, to: change.displayName };
    }
    if (change.disabled !== undefined) {
      sets.push('disabled = ?');
      values.push(change.disabled);
      detail.disabled = { from: before.disabled, to: change.disabled };
    }
    if (passwordHash) {
      sets.push('password_hash = ?');
      values.push(passwordHash);
      detail.password = 'reset';
    }
    if (!sets.length) throw new ValidationError('nothing to change', [{ field: '(body)', message: 'give roles, displayName, disabled or password' }]);
    const [row] = await tx.execute<UserRow[]>(`update app_user set ${sets.join(', ')}, updated_at = now() where id = ? returning ${USER_COLUMNS}`, [
      ...values,
      before.id,
    ]);
    // A disabled account or a new password ends every session at once.
    if (change.disabled || passwordHash) await tx.execute(`update user_session set revoked_at = now() where user_id = ? and revoked_at is null`, [before.id]);
    await audit(tx, actor, name, change.disabled === true ? 'disabled' : change.disabled === false ? 'enabled' : 'changed', detail);
    return toUser(row!);
  });
}

export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
}

export async function userAudit(em: Em, name: string): Promise<AuditEntry[]> {
  await userRow(em, name);
  const rows = await em.execute<{ at: Date | string; actor: string; action: string; detail: Record<string, unknown> }[]>(
    `select at, actor, action, detail from user_audit where user_name = ? order by id`,
    [name],
  );
  return rows.map((r) => ({ at: iso(r.at), actor: r.actor, action: r.action, detail: r.detail }));
}

/** How long a sign-in session's credential lasts. */
export const SESSION_TTL_MS = 12 * 60 * 60_000;
export const SESSION_PREFIX = 'kontor_session_';

export const sessionHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Opens a session for a signed-in user: the token is returned once, only its SHA-256 is stored. */
export async function openSession(em: Em, user: UserRow, ttlMs = SESSION_TTL_MS): Promise<{ token: string; expiresAt: string }> {
  const token = `${SESSION_PREFIX}${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(Date.now() + ttlMs);
  await em.transactional(async (tx) => {
    await tx.execute(`insert into user_session (id, user_id, hash, expires_at) values (?, ?, ?, ?)`, [
      `ses_${randomUUID()}`,
      user.id,
      sessionHash(token),
      expiresAt,
    ]);
    await tx.execute(`delete from user_session where expires_at < now() - interval '1 day'`);
    await audit(tx, user.name, user.name, 'signed_in');
  });
  return { token, expiresAt: expiresAt.toISOString() };
}

/** Ends the session of this token (sign-out); a token that is not a session is refused. */
export async function closeSession(em: Em, token: string | undefined, actor: string): Promise<void> {
  if (!token?.startsWith(SESSION_PREFIX)) throw new ValidationError('not a session', [{ field: 'Authorization', message: 'sign out with the session token' }]);
  await em.transactional(async (tx) => {
    await tx.execute(`update user_session set revoked_at = now() where hash = ? and revoked_at is null`, [sessionHash(token)]);
    await audit(tx, actor, actor, 'signed_out');
  });
}

export const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);
