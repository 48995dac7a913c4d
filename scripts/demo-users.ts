import type { Role } from '../services/gateway/src/auth/api-keys.ts';

/** One demo sign-in per role; `npm run up` creates them (password = name + "-demo") and prints them. */
export const DEMO_USERS: readonly { name: string; displayName: string; role: Role }[] = [
  { name: 'vertrieb', displayName: 'Vera Vertrieb', role: 'sales' },
  { name: 'vertriebsleitung', displayName: 'Volker Vertriebsleiter', role: 'sales_manager' },
  { name: 'geschaeftsfuehrung', displayName: 'Gesa Geschäftsführerin', role: 'director' },
  { name: 'lager', displayName: 'Lars Lager', role: 'warehouse' },
  { name: 'buchhaltung', displayName: 'Berta Buchhaltung', role: 'accounting' },
  { name: 'projektleitung', displayName: 'Paul Projektleiter', role: 'project_manager' },
  { name: 'planung', displayName: 'Pia Planung', role: 'planner' },
  { name: 'admin', displayName: 'Anna Admin', role: 'admin' },
];

export const demoPassword = (name: string) => `${name}-demo`;
