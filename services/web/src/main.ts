import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response } from 'express';
import { ApiError } from './api.ts';
import { requireUser } from './auth.ts';
import { webConfig } from './config.ts';
import { viewLocals } from './render.ts';
import { SessionStore, csrfGuard, sessionMiddleware, sessionOf } from './sessions.ts';
import { SCREENS } from './screens/index.ts';
import { signInRoutes } from './screens/sign-in.ts';

/** The staff web app: server-rendered pages that read and write only through the REST API, as the signed-in user. */
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

const sessions = new SessionStore();
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
app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
  if (res.headersSent) return;
  if (err instanceof ApiError) {
    // The API no longer knows the session (expired, user disabled): sign in again.
    if (err.problem.status === 401) {
      sessions.delete(sessionOf(res).id);
      return res.redirect(303, `/sign-in?next=${encodeURIComponent(req.originalUrl)}`);
    }
    return res.status(err.problem.status).render('error', { title: res.locals.t('common.error'), message: err.problem.detail });
  }
  console.error(`[web] ${req.method} ${req.originalUrl} failed`, err);
  res.status(500).render('error', { title: res.locals.t?.('common.error') ?? 'Error', message: 'internal error' });
});

const server = createServer(app);
server.listen(webConfig.port, '0.0.0.0', () => console.log(`[web] listening on :${webConfig.port} (API ${webConfig.apiUrl})`));
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
