/** The order context's contract: documents, commands and queries, events; milestone plans. */
export * from './types.ts';
export * from './commands.ts';
export * from './events.ts';
export * from './milestones.ts';
export * from './milestone-events.ts';
export * from './procurement-events.ts';
export * from './billing-plan.ts';
export * from './order-lines.ts';
