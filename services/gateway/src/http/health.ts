import type { Request, Response } from 'express';
import type { NatsConnection } from '@nats-io/transport-node';
import { env } from '../../../../shared/config.ts';
import { call } from '../../../../shared/nats/rpc.ts';
import { PlatformCommands, SERVICE_NAMES, WorkerCommands } from '../../../../shared/contracts/platform.ts';
import type { SalesClient } from '../sales-client.ts';

/** Every process whose health the gateway reports: the services and the sale worker. */
const HEALTH = [...SERVICE_NAMES.map((s) => [s, PlatformCommands[s].health] as const), ['worker', WorkerCommands.health] as const];
export const SERVICES = HEALTH.map(([s]) => s);
/** A live worker long-polls (about a minute per poll); no poll for two minutes means no worker. */
const POLLER_MAX_AGE_SECONDS = 120;
/** temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW (the proto package is not a direct dependency). */
const TASK_QUEUE_TYPE_WORKFLOW = 1;

type Check = () => Promise<unknown>;

async function run(fn: Check): Promise<string> {
  return fn().then(
    () => 'ok',
    (e: unknown) => `down: ${e instanceof Error ? e.message : String(e)}`,
  );
}

/** Someone polls the sale task queue for workflow tasks: the worker is connected to Temporal, not only alive. */
async function workflowPollers(sales: SalesClient): Promise<void> {
  const res = await sales.workflowService.describeTaskQueue({
    namespace: env.temporalNamespace,
    taskQueue: { name: env.taskQueue },
    taskQueueType: TASK_QUEUE_TYPE_WORKFLOW,
  });
  const now = Date.now() / 1000;
  const recent = (res.pollers ?? []).filter((p) => now - Number(p.lastAccessTime?.seconds ?? 0) < POLLER_MAX_AGE_SECONDS);
  if (recent.length === 0) throw new Error(`no worker polls task queue ${env.taskQueue}`);
}

/** GET /health: every dependency and process by name; 503 as soon as one is down. */
export function healthHandler(deps: { sql: Check; nc: NatsConnection; sales: SalesClient; load: () => unknown }) {
  return async (_req: Request, res: Response) => {
    const checks: Record<string, string> = {};
    // Events a consumer gave up on: listed and replayed through GET /api/v1/dead-letters.
    const deadLetters: Record<string, number> = {};
    const entries: [string, Check][] = [
      ['postgresql', deps.sql],
      ['nats', () => deps.nc.rtt()],
      ['temporal', () => deps.sales.workflowService.getSystemInfo({})],
      ['temporal:pollers', () => workflowPollers(deps.sales)],
      ...HEALTH.map(([s, health]): [string, Check] => [
        `service:${s}`,
        async () => {
          const reply = await call(deps.nc, health, {}, 2000);
          if ('deadLetters' in reply && reply.deadLetters) deadLetters[s] = reply.deadLetters;
        },
      ]),
    ];
    await Promise.all(entries.map(async ([name, fn]) => (checks[name] = await run(fn))));
    const down = Object.keys(checks).filter((k) => checks[k] !== 'ok');
    res.status(down.length ? 503 : 200).json({ status: down.length ? 'degraded' : 'ok', down, checks, deadLetters, load: deps.load() });
  };
}
