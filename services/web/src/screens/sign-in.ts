import { Router, type Request } from 'express';
import { callApi } from '../api.ts';
import { LANGS, type Lang } from '../i18n.ts';
import { saveSession, sessionOf, setSessionCookie, type SessionStore, type SignedInUser } from '../sessions.ts';

/** Where to go after sign-in: only a path of this app (never another site). */
function safeNext(raw: unknown): string {
  return typeof raw === 'string' && /^\/(?!\/)[\w\-./?=&%~+:,]*$/.test(raw) && !raw.startsWith('/sign-') ? raw : '/orders';
}

const clientAddress = (req: Request) => req.socket.remoteAddress ?? 'unknown';

/** Sign-in (name and password, checked by the API), sign-out and the language switch. */
export function signInRoutes(sessions: SessionStore): Router {
  const router = Router();

  router.get('/sign-in', (req, res) => {
    if (sessionOf(res).user) return res.redirect(303, safeNext(req.query.next));
    res.render('sign-in', { title: res.locals.t('signIn.title'), next: safeNext(req.query.next), name: '', error: null });
  });

  router.post('/sign-in', async (req, res) => {
    const name = String(req.body.name ?? '').trim();
    const next = safeNext(req.body.next);
    const answer = await callApi<{ token: string; expiresAt: string; user: SignedInUser }>(
      null,
      'POST',
      '/sessions',
      { name, password: String(req.body.password ?? '') },
      { forwardedFor: clientAddress(req) },
    );
    if (answer.status !== 201) {
      const seconds = Number(answer.headers.get('retry-after') ?? 0);
      const error = answer.status === 429 ? res.locals.t('signIn.throttled', { seconds }) : res.locals.t('signIn.failed');
      return res.status(answer.status === 429 ? 429 : 401).render('sign-in', { title: res.locals.t('signIn.title'), next, name, error });
    }
    // A new session id at sign-in, so that an id planted before cannot be used after.
    const old = sessionOf(res);
    await sessions.delete(old.id);
    const s = await sessions.create(old.lang, {
      user: { name: answer.body.user.name, displayName: answer.body.user.displayName, roles: answer.body.user.roles },
      apiToken: answer.body.token,
      apiExpiresAt: Date.parse(answer.body.expiresAt),
    });
    setSessionCookie(res, s);
    res.redirect(303, next);
  });

  router.post('/sign-out', async (_req, res) => {
    const s = sessionOf(res);
    if (s.apiToken) await callApi(s.apiToken, 'POST', '/sessions/current/end').catch(() => undefined);
    await sessions.delete(s.id);
    const fresh = await sessions.create(s.lang, { flash: { kind: 'ok', text: res.locals.t('signIn.signedOut') } });
    setSessionCookie(res, fresh);
    res.redirect(303, '/sign-in');
  });

  router.post('/lang', async (req, res) => {
    const lang = String(req.body.lang ?? '') as Lang;
    if (LANGS.includes(lang)) {
      sessionOf(res).lang = lang;
      await saveSession(res);
    }
    const back = safeNext(req.body.back);
    if (!sessionOf(res).user) return res.redirect(303, `/sign-in?next=${encodeURIComponent(back)}`);
    res.redirect(303, back);
  });

  return router;
}
