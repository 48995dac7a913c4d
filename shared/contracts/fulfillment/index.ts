/** The fulfillment context's contract: documents, commands and queries, events; the warehouse's stock; returns; make-to-order releases. */
export * from './types.ts';
export * from './commands.ts';
export * from './events.ts';
export * from './stock.ts';
export * from './returns.ts';
export * from './production.ts';
export * from './backorder-events.ts';
