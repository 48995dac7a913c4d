import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { webConfig } from './config.ts';
import type { Lang } from './i18n.ts';
import { WebSessionSchema, type WebOrm } from './db.ts';

/** The signed-in user as the API told us at sign-in. */
export interface SignedInUser {
  name: string;
  displayName: string;
  roles: string[];
}

/** One browser's session, kept on the server; the cookie only carries its random id. */
export interface WebSession {
  id: string;
  csrf: string;
  lang: Lang;
  lastSeen: number;
  /** Set once signed in: the user and the API session token the app calls the API with. */
  user?: SignedInUser;
  apiToken?: string;
  apiExpiresAt?: number;
  /** A message for the next page (after a redirect). */
  flash?: { kind: 'ok' | 'error'; text: string };
}

export const COOKIE = 'kontor_session';
/** Last-seen is written at most this often (the idle timeout is an hour: a minute's precision is plenty). */
const TOUCH_MS = 60_000;

/** The row key: SHA-256 of the cookie's random id, so that the database alone names no usable cookie. */
export const sessionKey = (id: string): string => createHash('sha256').update(id).digest('hex');

/** AES-256-GCM with a key derived from the cookie id: the API token in the database is useless without the cookie. */
function tokenKey(id: string): Buffer {
  return Buffer.from(hkdfSync('sha256', id, 'kontor-web', 'api session token', 32));
}
function seal(token: string, id: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', tokenKey(id), iv);
  const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
}
function unseal(sealed: string, id: string): string {
  const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
  const decipher = createDecipheriv('aes-256-gcm', tokenKey(id), iv!);
  decipher.setAuthTag(tag!);
  return Buffer.concat([decipher.update(body!), decipher.final()]).toString('utf8');
}

/** What a new session may start with (sign-in: the user and the API token; sign-out: the message). */
type SessionStart = Pick<WebSession, 'user' | 'apiToken' | 'apiExpiresAt' | 'flash'>;

/**
 * Sessions in the web app's PostgreSQL schema, so that a restart of the web process signs nobody out.
 * A session ends after webConfig.idleMs without a request or when its API token expires, whichever
 * comes first (expires_at); an ended session is refused, deleted when met, and purged by purge().
 */
export class SessionStore {
  readonly #orm: WebOrm;
  readonly #idleMs: number;

  constructor(orm: WebOrm, opts: { idleMs?: number } = {}) {
    this.#orm = orm;
    this.#idleMs = opts.idleMs ?? webConfig.idleMs;
  }

  async get(id: string | undefined, now = Date.now()): Promise<WebSession | undefined> {
    if (!id || id.length > 100) return undefined;
    const em = this.#orm.em.fork();
    const row = await em.findOne(WebSessionSchema, { idHash: sessionKey(id) }, { disableIdentityMap: true });
    if (!row) return undefined;
    if (row.expiresAt.getTime() <= now) {
      await this.delete(id);
      return undefined;
    }
    let apiToken: string | undefined;
    try {
      apiToken = row.apiTokenSealed ? unseal(row.apiTokenSealed, id) : undefined;
    } catch {
      // Not sealed with this id's key (tampered or a hash collision): no session.
      await this.delete(id);
      return undefined;
    }
    const s: WebSession = {
      id,
      csrf: row.csrf,
      lang: row.lang === 'en' ? 'en' : 'de',
      lastSeen: row.lastSeenAt.getTime(),
      ...(row.userName ? { user: { name: row.userName, displayName: row.displayName ?? row.userName, roles: row.roles ?? [] } } : {}),
      ...(apiToken ? { apiToken } : {}),
      ...(row.apiExpiresAt ? { apiExpiresAt: row.apiExpiresAt.getTime() } : {}),
      ...(row.flash ? { flash: row.flash } : {}),
    };
    if (now - s.lastSeen >= TOUCH_MS) {
      s.lastSeen = now;
      await em.nativeUpdate(WebSessionSchema, { idHash: sessionKey(id) }, { lastSeenAt: new Date(now), expiresAt: this.#expiry(s, now) });
    }
    return s;
  }

  /** A new session with a fresh id and CSRF token (at sign-in the old one is dropped: no fixation). */
  async create(lang: Lang, start: SessionStart = {}, now = Date.now()): Promise<WebSession> {
    const s: WebSession = { id: randomBytes(32).toString('base64url'), csrf: randomBytes(32).toString('base64url'), lang, lastSeen: now, ...start };
    await this.#orm.em.fork().insert(WebSessionSchema, { ...this.#columns(s, now), idHash: sessionKey(s.id), csrf: s.csrf, createdAt: new Date(now) });
    return s;
  }

  /** Writes what a request changed (language, message, sign-in); the id and CSRF token never change. */
  async save(s: WebSession, now = Date.now()): Promise<void> {
    s.lastSeen = now;
    await this.#orm.em.fork().nativeUpdate(WebSessionSchema, { idHash: sessionKey(s.id) }, this.#columns(s, now));
  }

  async delete(id: string): Promise<void> {
    await this.#orm.em.fork().nativeDelete(WebSessionSchema, { idHash: sessionKey(id) });
  }

  /** Deletes every ended session; returns how many. */
  purge(now = Date.now()): Promise<number> {
    return this.#orm.em.fork().nativeDelete(WebSessionSchema, { expiresAt: { $lte: new Date(now) } });
  }

  #expiry(s: WebSession, now: number): Date {
    return new Date(Math.min(now + this.#idleMs, s.apiExpiresAt ?? Infinity));
  }

  #columns(s: WebSession, now: number) {
    return {
      lang: s.lang,
      userName: s.user?.name ?? null,
      displayName: s.user?.displayName ?? null,
      roles: s.user?.roles ?? null,
      apiTokenSealed: s.apiToken ? seal(s.apiToken, s.id) : null,
      apiExpiresAt: s.apiExpiresAt !== undefined ? new Date(s.apiExpiresAt) : null,
      flash: s.flash ?? null,
      lastSeenAt: new Date(now),
      expiresAt: this.#expiry(s, now),
    };
  }
}

function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.header('cookie') ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export function setSessionCookie(res: Response, s: WebSession): void {
  res.cookie(COOKIE, s.id, { httpOnly: true, sameSite: 'lax', secure: webConfig.secureCookies, path: '/' });
}

/** Gives every request a session (an anonymous one until sign-in), so that even the sign-in form carries a CSRF token. */
export function sessionMiddleware(store: SessionStore) {
  return async (req: Request, res: Response, next: NextFunction) => {
    let s = await store.get(cookieValue(req, COOKIE));
    if (!s) {
      s = await store.create('de');
      setSessionCookie(res, s);
    }
    res.locals.session = s;
    res.locals.sessionStore = store;
    next();
  };
}

export const sessionOf = (res: Response): WebSession => res.locals.session as WebSession;
const storeOf = (res: Response): SessionStore => res.locals.sessionStore as SessionStore;

/** Writes the request's session back (before the answer goes out, so that the next request sees it). */
export const saveSession = (res: Response): Promise<void> => storeOf(res).save(sessionOf(res));

/**
 * Every form post must carry the session's CSRF token (hidden field `_csrf`); without it, or with
 * another, the post is refused with 403 before anything else happens.
 */
export function csrfGuard(req: Request, res: Response, next: NextFunction): void {
  if (req.method !== 'POST') return next();
  const sent = typeof req.body?._csrf === 'string' ? req.body._csrf : (req.header('x-csrf-token') ?? '');
  const expected = sessionOf(res).csrf;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  if (a.length === b.length && timingSafeEqual(a, b)) return next();
  res.status(403).type('text/plain').send('403 Forbidden: missing or invalid CSRF token (reload the page and try again)');
}
