/** The document context's contract: stored documents, queries, events. */
export * from './types.ts';
export * from './commands.ts';
export * from './events.ts';
