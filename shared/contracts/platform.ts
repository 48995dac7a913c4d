import { z } from 'zod';
import { text } from '../validation.ts';
import { defineCommand } from './commands.ts';
import { actorReply, replyFields as f } from './common.ts';

/**
 * What every service process answers besides its own commands (served by
 * shared/service-host.ts): health, its audit trail and its dead letters; and
 * the sale worker's health check.
 */

/** The service processes, each with its own schema and these platform endpoints. */
export const SERVICE_NAMES = ['quote', 'order', 'fulfillment', 'invoicing', 'document'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** One line of the audit trail as the API returns it. */
export const auditEntrySchema = z.object({
  id: f.ref,
  aggregateType: z.string(),
  aggregateId: z.string(),
  action: z.string(),
  actor: actorReply,
  at: f.timestamp,
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** An event a consumer gave up on; replayed once a fix is deployed. */
export const deadLetterSchema = z.object({
  id: z.number().int().positive(),
  consumer: z.string(),
  eventId: z.string(),
  subject: z.string(),
  error: z.string(),
  attempts: z.number().int().min(0),
  failedAt: f.timestamp,
  replayedAt: f.timestamp.nullable(),
});
export type DeadLetter = z.infer<typeof deadLetterSchema>;

const healthReply = z.object({ service: z.string(), status: z.literal('ok'), deadLetters: z.number().int().min(0) });

/** The platform commands of one service, under its name. */
function platformCommands<const S extends ServiceName>(service: S) {
  return {
    health: defineCommand(`${service}.health`, z.object({}).loose(), healthReply),
    auditList: defineCommand(`${service}.audit.list`, z.object({ aggregateId: text(100) }), z.array(auditEntrySchema)),
    deadLetters: defineCommand(`${service}.deadletters.list`, z.object({ includeReplayed: z.boolean().default(false) }), z.array(deadLetterSchema)),
    replayDeadLetter: defineCommand(`${service}.deadletters.replay`, z.object({ id: z.number().int().positive() }), deadLetterSchema),
  };
}

export const PlatformCommands = {
  quote: platformCommands('quote'),
  order: platformCommands('order'),
  fulfillment: platformCommands('fulfillment'),
  invoicing: platformCommands('invoicing'),
  document: platformCommands('document'),
} satisfies Record<ServiceName, unknown>;

/** The sale worker's health: it answers while it polls its task queue (a stopping one answers 503). */
export const WorkerCommands = {
  health: defineCommand('worker.health', z.object({}).loose(), z.object({ service: z.literal('worker'), status: z.literal('ok'), taskQueue: z.string() })),
};
