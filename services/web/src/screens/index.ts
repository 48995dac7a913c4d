import type { Screen } from '../screen.ts';
import { ordersScreen } from './orders.ts';
import { orderScreen } from './order.ts';
import { usersScreen } from './users.ts';
import { documentsScreen } from './documents.ts';
import { quotesScreen } from './quotes.ts';
import { approvalsScreen } from './approvals.ts';
import { plannerScreen } from './planner.ts';
import { accountingScreen } from './accounting.ts';

/** Every screen, in navigation order. Sign-in and sign-out are not screens (screens/sign-in.ts). */
export const SCREENS: readonly Screen[] = [
  quotesScreen,
  approvalsScreen,
  ordersScreen,
  orderScreen,
  plannerScreen,
  accountingScreen,
  documentsScreen,
  usersScreen,
];
