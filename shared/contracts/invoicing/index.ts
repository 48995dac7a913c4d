/** The invoicing context's contract: documents, commands and queries, events. */
export * from './types.ts';
export * from './commands.ts';
export * from './events.ts';
export * from './payments.ts';
export * from './billing.ts';
export * from './time.ts';
export * from './dunning.ts';
export * from './subscriptions.ts';
export * from './drafts.ts';
