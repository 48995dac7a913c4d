import type { NatsConnection } from '@nats-io/transport-node';
import { call } from '../../../../shared/nats/rpc.ts';
import { NotFoundError } from '../../../../shared/errors.ts';
import {
  InvoicingCommands,
  creditNoteRequestSchema,
  refundRequestSchema,
  type Invoice,
  type InvoiceKind,
} from '../../../../shared/contracts/invoicing/index.ts';
import { route, type Route } from '../http/routes.ts';
import { ALL_ROLES, command } from './common.ts';

/**
 * Corrections of issued invoices, owned by the invoicing service: credit notes
 * (Rechnungskorrekturen, RK-…) for price reductions and returns, refunds against
 * them, and reading cancellation invoices (Stornorechnungen, ST-…, issued by
 * POST /invoices/{number}/cancel through the sale). Credit notes are no step of
 * the sale: the gateway's correction relay tells the sale when one settles an invoice.
 */
export function correctionRoutes(nc: NatsConnection): Route[] {
  const ofKind = async (number: string, kind: InvoiceKind, label: string): Promise<Invoice> => {
    const doc = await call(nc, InvoicingCommands.get, { number });
    if (doc.kind !== kind) throw new NotFoundError(`${label} ${number} not found (${number} is a ${doc.kind})`, 'number');
    return doc;
  };
  return [
    route({
      method: 'post',
      path: '/invoices/{number}/credit-notes',
      tag: 'Invoices',
      summary:
        'Issue a credit note (Rechnungskorrektur, RK-…) for lines of an invoice: per line the invoice position and a quantity (credited at the invoice price) or a net price reduction; more than is left to credit on a line answers 409 exceeds_creditable naming the field',
      roles: ['accounting'],
      body: creditNoteRequestSchema,
      status: 201,
      handler: ({ params, body, idempotencyKey, actor }) =>
        call(nc, InvoicingCommands.creditNote, command({ ...body, number: params.number }, { idempotencyKey, actor })),
    }),
    route({
      method: 'get',
      path: '/credit-notes/{number}',
      tag: 'Invoices',
      summary: 'Get a credit note (Rechnungskorrektur) with the invoice it refers to and its refunds',
      roles: ALL_ROLES,
      handler: ({ params }) => ofKind(params.number, 'credit_note', 'credit note'),
    }),
    route({
      method: 'get',
      path: '/cancellation-invoices/{number}',
      tag: 'Invoices',
      summary: 'Get a cancellation invoice (Stornorechnung) with the invoice it reverses',
      roles: ALL_ROLES,
      handler: ({ params }) => ofKind(params.number, 'cancellation', 'cancellation invoice'),
    }),
    route({
      method: 'post',
      path: '/credit-notes/{number}/refunds',
      tag: 'Invoices',
      summary:
        'Record money paid back against a credit note: at most what it credits less earlier refunds, and at most what payments and credit notes exceed the invoice (else 409 exceeds_refundable)',
      roles: ['accounting'],
      body: refundRequestSchema,
      status: 201,
      handler: ({ params, body, idempotencyKey, actor }) =>
        call(nc, InvoicingCommands.recordRefund, command({ ...body, number: params.number }, { idempotencyKey, actor })),
    }),
  ];
}
