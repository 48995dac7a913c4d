import { NativeConnection, Worker } from '@temporalio/worker';
import { env } from '../../shared/config.ts';
import { connectNats, ensureEventsStream } from '../../shared/nats/connection.ts';
import { createActivities } from './activities/index.ts';
import { endpoint, serveEndpoints } from '../../shared/nats/rpc.ts';
import { WorkerCommands } from '../../shared/contracts/platform.ts';
import { DomainError } from '../../shared/errors.ts';

/** The sales worker: runs the sale workflows and their activities on the `kontor-sales` task queue. */
const nc = await connectNats('kontor-worker');
const connection = await NativeConnection.connect({ address: env.temporalAddress });
const worker = await Worker.create({
  connection,
  namespace: env.temporalNamespace,
  taskQueue: env.taskQueue,
  workflowsPath: new URL('./workflows/index.ts', import.meta.url).pathname,
  activities: createActivities(nc),
  // Two cores: a handful of concurrent activities keeps NATS busy without starving the workflow thread.
  maxConcurrentActivityTaskExecutions: 20,
});
await ensureEventsStream(nc);
// The gateway's /health asks this: a dead worker process has no responder, a
// stopping or failed one answers 503 with its state.
serveEndpoints(nc, 'worker', [
  endpoint(WorkerCommands.health, async () => {
    const state = worker.getState();
    if (state !== 'RUNNING') throw new DomainError(503, 'worker_not_running', `worker is ${state.toLowerCase()}`);
    return { service: 'worker' as const, status: 'ok' as const, taskQueue: env.taskQueue };
  }),
]);
console.log(`[worker] polling ${env.taskQueue} on ${env.temporalAddress}`);
await worker.run();
await nc.drain();
await connection.close();
