import { z } from 'zod';
import { idempotencyKey, documentNumber, text } from '../validation.ts';
import { isCountryCode } from '../countries.ts';
import { vatIdProblem } from '../vat-id.ts';

/**
 * Input schemas several contexts share: the gateway (REST validation and the
 * OpenAPI document) and the services (NATS validation) use the same
 * definitions. What only one context takes is in its `<context>/commands.ts`.
 */

/** The acting user, filled in by the gateway from the API key; services record it in the audit trail. */
export const actorSchema = z.object({ id: text(100), role: text(50) }).default({ id: 'system', role: 'system' });

/** What every command may carry besides its own fields: the caller's idempotency key and the acting user. */
export const keyed = { idempotencyKey: idempotencyKey.optional(), actor: actorSchema };

/** A query or command naming one document by its number. */
export const byNumber = z.object({ number: documentNumber });

const COUNTRY_SHAPE = /^[A-Z]{2}$/;
const VAT_ID_SHAPE = /^[A-Z]{2}[0-9A-Z+*]{2,14}$/;

export const addressSchema = z.object({
  name: text(200),
  street: text(200),
  postalCode: text(20),
  city: text(100),
  // The pattern documents the shape in OpenAPI; the refinement (skipped when the shape is wrong, so one message per field) checks the list.
  country: z
    .string()
    .regex(COUNTRY_SHAPE, 'must be an ISO 3166-1 alpha-2 country code in upper case, e.g. DE')
    .refine((c) => !COUNTRY_SHAPE.test(c) || isCountryCode(c), 'is not an assigned ISO 3166-1 alpha-2 country code (e.g. GB, not UK; GR, not EL)'),
});

/** Syntax per member state and the check digit where one is defined (shared/vat-id.ts); the seller's own ID is refused by the quote service. */
export const vatIdSchema = z
  .string()
  .regex(VAT_ID_SHAPE, 'must be a VAT ID: country prefix and number in upper case without spaces, e.g. DE136695976')
  .superRefine((v, ctx) => {
    const problem = VAT_ID_SHAPE.test(v) ? vatIdProblem(v) : null;
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe('VAT ID (USt-IdNr.) with country prefix, compact and in upper case, e.g. DE136695976; Greece: EL');

export const cancelSchema = z.object({ reason: text(500, { min: 3, multiline: true }) });

export { idempotencyKey, documentNumber };
