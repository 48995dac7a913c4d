import express from 'express';
import { env } from '../../../shared/config.ts';
import { openOrm } from '../../../shared/db/orm.ts';
import { connectNats } from '../../../shared/nats/connection.ts';
import { request } from '../../../shared/nats/rpc.ts';
import { findPrincipal } from './auth/api-keys.ts';
import { gatewayOrmOptions } from './db.ts';
import { IdempotencyStore } from './http/idempotency.ts';
import { SalesClient } from './sales-client.ts';
import { API_PREFIX, errorHandler, mount } from './http/routes.ts';
import { buildOpenApi } from './http/openapi.ts';
import { mountDocs } from './http/docs.ts';
import { sendProblem } from './http/problem.ts';
import { catalogRoutes } from './api/catalog.routes.ts';
import { salesRoutes } from './api/sales.routes.ts';
import { documentRoutes } from './api/document.routes.ts';
import { adminRoutes } from './api/admin.routes.ts';
import { quoteRoutes } from './api/quote.routes.ts';

const SERVICES = ['quote', 'order', 'fulfillment', 'invoicing', 'document'];

/** The gateway: public REST API, docs and health; talks to services over NATS and to sales through Temporal. */
const orm = await openOrm(gatewayOrmOptions);
const nc = await connectNats('kontor-gateway');
const sales = await SalesClient.connect();

const routes = [...catalogRoutes(nc), ...salesRoutes(nc, sales), ...quoteRoutes(nc, sales), ...documentRoutes(nc), ...adminRoutes(nc, orm)];
const openapi = buildOpenApi(routes);

const app = express();
app.disable('x-powered-by');
app.use(express.json({ limit: '1mb', type: ['application/json', 'application/*+json'] }));

app.get('/health', async (_req, res) => {
  const check = async (fn: () => Promise<unknown>) => fn().then(() => 'ok', (e: unknown) => `down: ${e instanceof Error ? e.message : String(e)}`);
  const checks: Record<string, string> = {
    postgresql: await check(() => orm.em.fork().execute('select 1')),
    nats: await check(() => nc.rtt()),
    temporal: await check(() => sales.workflowService.getSystemInfo({})),
  };
  await Promise.all(SERVICES.map(async (s) => {
    checks[`service:${s}`] = await check(() => request(nc, `${s}.health`, {}, 2000));
  }));
  const ok = Object.values(checks).every((v) => v === 'ok');
  res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', checks });
});
app.get(`${API_PREFIX}/openapi.json`, (_req, res) => {
  res.json(openapi);
});
mountDocs(app, `${API_PREFIX}/openapi.json`);

mount(app, routes, async (req) => {
  const header = req.header('authorization');
  const key = header?.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : req.header('x-api-key');
  return key ? findPrincipal(orm.em.fork(), key) : null;
}, new IdempotencyStore(() => orm.em.fork()));
app.use(API_PREFIX, (_req, res) => sendProblem(res, 404, 'not_found', 'no such endpoint'));
app.use(errorHandler);

const server = app.listen(env.port, '0.0.0.0', () => console.log(`[gateway] listening on :${env.port}`));
const stop = () => {
  server.close();
  void nc.drain().finally(() => orm.close().finally(() => process.exit(0)));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
