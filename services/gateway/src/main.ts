import { createServer } from 'node:http';
import express from 'express';
import { Client, Connection } from '@temporalio/client';
import { env } from '../../../shared/config.ts';
import { openOrm } from '../../../shared/db/orm.ts';
import { connectNats, ensureEventsStream } from '../../../shared/nats/connection.ts';
import { PrincipalCache } from './auth/api-keys.ts';
import { gatewayOrmOptions } from './db.ts';
import { IdempotencyStore } from './http/idempotency.ts';
import { SalesClient } from './sales-client.ts';
import { runSaleStarter } from './sale-starter.ts';
import { runCorrectionRelay } from './correction-relay.ts';
import { runSaleSignals } from './sale-signals.ts';
import { API_PREFIX, errorHandler, mount } from './http/routes.ts';
import { buildOpenApi } from './http/openapi.ts';
import { mountDocs } from './http/docs.ts';
import { sendProblem } from './http/problem.ts';
import { healthHandler } from './http/health.ts';
import { Admission, admissionLimitsFromEnv, admissionMiddleware } from './http/admission.ts';
import { bodyTimeout, limitServer } from './http/body-timeout.ts';
import { catalogRoutes } from './api/catalog.routes.ts';
import { salesRoutes } from './api/sales.routes.ts';
import { milestoneRoutes } from './api/milestone.routes.ts';
import { billingRoutes } from './api/billing.routes.ts';
import { productionRoutes } from './api/production.routes.ts';
import { orderLineRoutes } from './api/order-line.routes.ts';
import { documentRoutes } from './api/document.routes.ts';
import { archiveRoutes } from './api/archive.routes.ts';
import { correctionRoutes } from './api/correction.routes.ts';
import { adminRoutes } from './api/admin.routes.ts';
import { userRoutes } from './api/user.routes.ts';
import { quoteRoutes } from './api/quote.routes.ts';
import { stockRoutes } from './api/stock.routes.ts';
import { returnRoutes } from './api/returns.routes.ts';
import { paymentRoutes } from './api/payments.routes.ts';
import { keepRawBody } from './http/webhook-signature.ts';
import { batchRoute } from './http/batch.ts';

/** The gateway: public REST API, docs and health; talks to services over NATS and to sales through Temporal. */
const orm = await openOrm(gatewayOrmOptions);
const nc = await connectNats('kontor-gateway');
const sales = await SalesClient.connect(nc);
await ensureEventsStream(nc);
// Starts the sale of every created quote and direct order the request path did not get to.
const starter = await runSaleStarter(
  nc,
  new Client({ connection: await Connection.connect({ address: env.temporalAddress }), namespace: env.temporalNamespace }),
  (number) => sales.startedHere(number),
);
// Tells sales about credit notes of their invoices (issued outside the sale), so a settled invoice closes its sale.
const corrections = await runCorrectionRelay(nc, sales);
// Tells sales what the warehouse learns by itself (backorders served by a goods receipt).
const signals = await runSaleSignals(nc, sales);

const principals = new PrincipalCache();
const routes = [
  ...userRoutes(orm, principals),
  ...catalogRoutes(nc),
  ...salesRoutes(nc, sales),
  ...quoteRoutes(nc, sales),
  ...documentRoutes(nc),
  ...archiveRoutes(nc),
  ...adminRoutes(nc, orm),
  ...milestoneRoutes(nc, sales),
  ...billingRoutes(nc, sales),
  ...productionRoutes(nc, sales),
  ...orderLineRoutes(nc, sales),
  ...stockRoutes(nc),
  ...returnRoutes(nc),
  ...correctionRoutes(nc),
  ...paymentRoutes(nc, sales),
];
routes.push(batchRoute(routes));
const openapi = buildOpenApi(routes);

const app = express();
app.disable('x-powered-by');
const admission = new Admission(admissionLimitsFromEnv());
// Before body parsing: a queued request must not hold a parsed body, and a flood is refused cheaply.
app.use(API_PREFIX, admissionMiddleware(admission));
// After admission: time spent waiting in the queue is not the client's delay in sending its body.
app.use(bodyTimeout());
// The raw bytes are kept beside the parsed body: the payment webhook's HMAC is over the bytes as sent.
app.use(express.json({ limit: '1mb', type: ['application/json', 'application/*+json'], verify: keepRawBody }));

app.get('/health', healthHandler({ sql: () => orm.em.fork().execute('select 1'), nc, sales, load: () => admission.snapshot }));
app.get(`${API_PREFIX}/openapi.json`, (_req, res) => {
  res.json(openapi);
});
mountDocs(app, `${API_PREFIX}/openapi.json`);

mount(
  app,
  routes,
  async (req) => {
    const header = req.header('authorization');
    const key = header?.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : req.header('x-api-key');
    return key ? principals.find(() => orm.em.fork(), key) : null;
  },
  new IdempotencyStore(() => orm.em.fork()),
);
app.use(API_PREFIX, (_req, res) => sendProblem(res, 404, 'not_found', 'no such endpoint'));
app.use(errorHandler);

// Checks the server's request and header timeouts every second (Node's default is 30 s).
const server = createServer({ connectionsCheckingInterval: 1_000 }, app);
limitServer(server);
server.listen(env.port, '0.0.0.0', () => console.log(`[gateway] listening on :${env.port}`));
const stop = () => {
  server.close();
  void Promise.all([starter.stop(), signals.stop(), corrections.stop()])
    .finally(() => nc.drain())
    .finally(() => orm.close().finally(() => process.exit(0)));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
