import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Principal } from '../../services/gateway/src/auth/api-keys.ts';
import { errorHandler, mount, type Route } from '../../services/gateway/src/http/routes.ts';
import { IdempotencyStore } from '../../services/gateway/src/http/idempotency.ts';

/**
 * Serves gateway routes on a port of their own, every request authenticated as `caller`, with the gateway's
 * error handler: for tests of routing and validation. Requests must carry no Idempotency-Key (no database here).
 */
export async function serveRoutes(routes: Route[], caller: Principal): Promise<{ base: string; close: () => Promise<void> }> {
  const app = express();
  app.use(express.json());
  const idempotency = new IdempotencyStore(() => {
    throw new Error('no database in this test');
  });
  mount(app, routes, async () => caller, idempotency);
  app.use(errorHandler);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
