import { fileURLToPath } from 'node:url';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { ApiError } from './api.ts';
import { requireUser } from './auth.ts';
import { webConfig } from './config.ts';
import { viewLocals } from './render.ts';
import { csrfGuard, sessionMiddleware, sessionOf, type SessionStore } from './sessions.ts';
import { SCREENS } from './screens/index.ts';
import { signInRoutes } from './screens/sign-in.ts';

/**
 * The staff web app: server-rendered pages that read and write only through the REST API, as the signed-in
 * user. Sessions live in the app's own schema (sessions.ts), so any instance of the app, a restarted one
 * included, serves every session.
 */
export function createWebApp(sessions: SessionStore): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('view engine', 'ejs');
  app.set('views', fileURLToPath(new URL('../views', import.meta.url)));
  app.set('trust proxy', false);
  // Compiled templates are kept (Express only does so with NODE_ENV=production): compiling per request cost more than rendering.
  // `npm run up` restarts the app when a view changes.
  app.set('view cache', true);

  // Nothing remote, no inline script: everything the pages load comes from this app.
  app.use((_req, res, next) => {
    res.set({
      'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
    });
    next();
  });
  app.get('/health', async (_req, res) => {
    const api = await fetch(webConfig.apiUrl.replace(/\/api\/v1$/, '/health'), { signal: AbortSignal.timeout(2_000) })
      .then((r) => (r.ok ? 'up' : `status ${r.status}`))
      .catch(() => 'down');
    res.status(api === 'up' ? 200 : 503).json({ status: api === 'up' ? 'ok' : 'degraded', api });
  });
  app.use('/static', express.static(fileURLToPath(new URL('../public', import.meta.url)), { maxAge: '1h', index: false }));

  app.use(sessionMiddleware(sessions));
  app.use(express.urlencoded({ extended: false, limit: '200kb', parameterLimit: 2_000 }));
  app.use(csrfGuard);
  app.use(viewLocals(SCREENS));

  app.use(signInRoutes(sessions));
  const screens = express.Router();
  screens.use(requireUser);
  for (const screen of SCREENS) screen.mount(screens);
  app.use(screens);
  app.get('/', (_req, res) => res.redirect(303, '/orders'));

  app.use((_req: Request, res: Response) => {
    res.status(404).render('error', { title: res.locals.t('common.notFound'), message: res.locals.t('common.notFound') });
  });
  app.use(async (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return;
    if (err instanceof ApiError) {
      // The API no longer knows the session (expired, user disabled): sign in again.
      if (err.problem.status === 401) {
        await sessions.delete(sessionOf(res).id);
        return res.redirect(303, `/sign-in?next=${encodeURIComponent(req.originalUrl)}`);
      }
      return res.status(err.problem.status).render('error', { title: res.locals.t('common.error'), message: err.problem.detail });
    }
    console.error(`[web] ${req.method} ${req.originalUrl} failed`, err);
    res.status(500).render('error', { title: res.locals.t?.('common.error') ?? 'Error', message: 'internal error' });
  });
  return app;
}
