import type { NextFunction, Request, Response } from 'express';
import { hasRole } from './auth.ts';
import { formatters } from './format.ts';
import { translator } from './i18n.ts';
import { saveSession, sessionOf } from './sessions.ts';
import type { Screen } from './screen.ts';
import { webConfig } from './config.ts';

/**
 * What every view gets: the session's language (t, fmt), the user, their CSRF token, the navigation
 * filtered by role, `can(...roles)` to show only the actions the user may take, and a one-time flash message.
 */
export function viewLocals(screens: readonly Screen[]) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const s = sessionOf(res);
    res.locals.lang = s.lang;
    res.locals.t = translator(s.lang);
    res.locals.fmt = formatters(s.lang);
    res.locals.user = s.user ?? null;
    res.locals.csrf = s.csrf;
    res.locals.can = (...roles: string[]) => hasRole(s, roles);
    res.locals.path = req.path;
    res.locals.temporalUi = webConfig.temporalUi;
    res.locals.nav = s.user ? screens.flatMap((sc) => (sc.nav && hasRole(s, sc.nav.roles) ? [sc.nav] : [])) : [];
    res.locals.flash = s.flash ?? null;
    if (s.flash) {
      // Shown once: gone from the stored session before this page is rendered.
      delete s.flash;
      await saveSession(res);
    }
    next();
  };
}

/** Sets a message for the next page and redirects there (post/redirect/get). */
export async function redirectWith(res: Response, to: string, kind: 'ok' | 'error', text: string): Promise<void> {
  sessionOf(res).flash = { kind, text };
  await saveSession(res);
  res.redirect(303, to);
}
