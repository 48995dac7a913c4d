import type { Request, Response, Router } from 'express';
import { refusalText } from '../actions.ts';
import { apiOk, callApi } from '../api.ts';
import { requireRole, tokenOf } from '../auth.ts';
import { redirectWith } from '../render.ts';
import type { Screen } from '../screen.ts';

export const ROLES = ['sales', 'sales_manager', 'director', 'warehouse', 'accounting', 'project_manager', 'planner', 'admin'] as const;

interface User {
  name: string;
  displayName: string;
  roles: string[];
  disabled: boolean;
  hasPassword: boolean;
}

/** The roles ticked in a form (checkboxes named `roles`). */
const rolesOf = (body: Record<string, unknown>): string[] => ([] as unknown[]).concat(body.roles ?? []).map(String);

async function change(req: Request, res: Response, body: Record<string, unknown>): Promise<void> {
  const name = String(req.params.name);
  const back = `/users/${encodeURIComponent(name)}`;
  const answer = await callApi(tokenOf(res), 'POST', `/users/${encodeURIComponent(name)}`, body);
  if (answer.status >= 400) return redirectWith(res, back, 'error', refusalText(answer));
  return redirectWith(res, back, 'ok', res.locals.t('users.changed', { name }));
}

/** User administration (admins only): accounts, roles, disabling, password resets, each account's history. */
export const usersScreen: Screen = {
  nav: { path: '/users', label: 'nav.users', roles: ['admin'] },
  mount(router: Router) {
    const admin = requireRole('admin');
    router.get('/users', admin, async (_req, res) => {
      const users = await apiOk<User[]>(tokenOf(res), 'GET', '/users');
      res.render('users', { title: res.locals.t('users.title'), users, roles: ROLES });
    });
    router.post('/users', admin, async (req, res) => {
      const body = {
        name: String(req.body.name ?? '').trim(),
        displayName: String(req.body.displayName ?? '').trim(),
        roles: rolesOf(req.body),
        ...(req.body.password ? { password: String(req.body.password) } : {}),
      };
      const answer = await callApi(tokenOf(res), 'POST', '/users', body);
      if (answer.status >= 400) return redirectWith(res, '/users', 'error', refusalText(answer));
      return redirectWith(res, `/users/${encodeURIComponent(body.name)}`, 'ok', res.locals.t('users.created', { name: body.name }));
    });
    router.get('/users/:name', admin, async (req, res) => {
      const name = encodeURIComponent(String(req.params.name));
      const [user, audit] = await Promise.all([
        apiOk<User>(tokenOf(res), 'GET', `/users/${name}`),
        apiOk<{ at: string; actor: string; action: string; detail: unknown }[]>(tokenOf(res), 'GET', `/users/${name}/audit`),
      ]);
      res.render('user', { title: `${res.locals.t('users.title')}: ${user.name}`, u: user, audit, roles: ROLES });
    });
    router.post('/users/:name/roles', admin, (req, res) =>
      change(req, res, { roles: rolesOf(req.body), displayName: String(req.body.displayName ?? '').trim() }),
    );
    router.post('/users/:name/disabled', admin, (req, res) => change(req, res, { disabled: req.body.disabled === 'true' }));
    router.post('/users/:name/password', admin, (req, res) => change(req, res, { password: String(req.body.password ?? '') }));
  },
};
