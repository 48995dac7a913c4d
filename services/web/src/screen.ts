import type { Router } from 'express';
import type { MessageKey } from './i18n.ts';

/**
 * One screen of the app: its routes and, if it has one, its entry in the navigation.
 * Add a screen: write `screens/<name>.ts` exporting a Screen and `views/<name>.ejs`, add the
 * screen to SCREENS in screens/index.ts, and its words to i18n (both languages).
 */
export interface Screen {
  /** Navigation entry, shown to users with any of the roles (admins see all). */
  nav?: { path: string; label: MessageKey | string; roles: readonly string[] };
  /** Registers the screen's routes; requireUser has run for every route. */
  mount(router: Router): void;
}
