import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { webConfig } from './config.ts';
import type { Lang } from './i18n.ts';

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
const MAX_SESSIONS = 50_000;

/** Sessions in memory, ended after webConfig.idleMs without a request or when their API token expires. */
export class SessionStore {
  readonly #sessions = new Map<string, WebSession>();

  get(id: string | undefined, now = Date.now()): WebSession | undefined {
    if (!id) return undefined;
    const s = this.#sessions.get(id);
    if (!s) return undefined;
    if (now - s.lastSeen > webConfig.idleMs || (s.apiExpiresAt !== undefined && s.apiExpiresAt <= now)) {
      this.#sessions.delete(id);
      return undefined;
    }
    s.lastSeen = now;
    return s;
  }

  /** A new session with a fresh id and CSRF token (at sign-in the old one is dropped: no fixation). */
  create(lang: Lang, now = Date.now()): WebSession {
    if (this.#sessions.size >= MAX_SESSIONS) this.#sweep(now);
    const s: WebSession = { id: randomBytes(32).toString('base64url'), csrf: randomBytes(32).toString('base64url'), lang, lastSeen: now };
    this.#sessions.set(s.id, s);
    return s;
  }

  delete(id: string): void {
    this.#sessions.delete(id);
  }

  #sweep(now: number): void {
    for (const [id, s] of this.#sessions) if (now - s.lastSeen > webConfig.idleMs) this.#sessions.delete(id);
    // Still full: the oldest go (anonymous sign-in pages first in practice).
    while (this.#sessions.size >= MAX_SESSIONS) this.#sessions.delete(this.#sessions.keys().next().value!);
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
  return (req: Request, res: Response, next: NextFunction) => {
    let s = store.get(cookieValue(req, COOKIE));
    if (!s) {
      s = store.create('de');
      setSessionCookie(res, s);
    }
    res.locals.session = s;
    next();
  };
}

export const sessionOf = (res: Response): WebSession => res.locals.session as WebSession;

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
