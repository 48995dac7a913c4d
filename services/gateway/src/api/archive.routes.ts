import type { NatsConnection } from '@nats-io/transport-node';
import { call } from '../../../../shared/nats/rpc.ts';
import { DocumentCommands } from '../../../../shared/contracts/document/index.ts';
import { route, type Route } from '../http/routes.ts';

/** Verification re-reads every stored PDF: it may take longer than an ordinary query. */
const VERIFY_TIMEOUT_MS = 120_000;

/** The document archive: verification of the hash-chained audit log of issued documents and of their stored bytes. */
export function archiveRoutes(nc: NatsConnection): Route[] {
  return [
    route({
      method: 'get',
      path: '/archive/verify',
      tag: 'Documents',
      summary:
        'Verify the archive end to end: walk the hash-chained audit log of issued documents and re-read every stored PDF (its SHA-256 against the log); answers ok, the number of entries and, if broken, the first broken seq and the problem',
      roles: ['admin', 'accounting'],
      handler: () => call(nc, DocumentCommands.verifyArchive, {}, VERIFY_TIMEOUT_MS),
    }),
  ];
}
