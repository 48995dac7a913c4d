import type { NextFunction, Request, Response } from 'express';
import { sessionOf, type WebSession } from './sessions.ts';

/** Whether the signed-in user has any of the roles (admins may do everything, as in the API). */
export function hasRole(session: WebSession, roles: readonly string[]): boolean {
  const mine = session.user?.roles ?? [];
  return mine.includes('admin') || roles.some((r) => mine.includes(r));
}

/** Only signed-in users pass; others go to the sign-in page and come back afterwards. */
export function requireUser(req: Request, res: Response, next: NextFunction): void {
  const s = sessionOf(res);
  if (s.user && s.apiToken) return next();
  if (req.method === 'GET') return res.redirect(303, `/sign-in?next=${encodeURIComponent(req.originalUrl)}`);
  res.status(401).type('text/plain').send('401: please sign in');
}

/** Only users with one of the roles pass; others see a 403 page (the API would refuse them anyway). */
export function requireRole(...roles: string[]) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    if (hasRole(sessionOf(res), roles)) return next();
    res.status(403);
    res.render('error', { title: res.locals.t('common.error'), message: res.locals.t('common.forbidden') });
  };
}

/** The API session token of the signed-in user (requireUser ran before). */
export const tokenOf = (res: Response): string => sessionOf(res).apiToken!;
