import type { Screen } from '../screen.ts';
import { ordersScreen } from './orders.ts';
import { orderScreen } from './order.ts';
import { usersScreen } from './users.ts';
import { documentsScreen } from './documents.ts';

/** Every screen, in navigation order. Sign-in and sign-out are not screens (screens/sign-in.ts). */
export const SCREENS: readonly Screen[] = [ordersScreen, orderScreen, documentsScreen, usersScreen];
