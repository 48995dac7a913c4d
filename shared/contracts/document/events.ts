import { z } from 'zod';
import { defineEvent, eventFields as f } from '../events.ts';
import type { DocumentKind } from './types.ts';

const DOCUMENT_KINDS = [
  'quote',
  'order',
  'delivery_note',
  'invoice',
  'pick_list',
  'reminder',
  'cancellation',
  'credit_note',
  'receipt',
] as const satisfies readonly DocumentKind[];

/** Events of the document context. */

/** A document revision's PDF was rendered and stored for good. */
export const DocumentRendered = defineEvent(
  'events.document.document.rendered',
  1,
  z.object({
    number: f.ref,
    revision: f.revision,
    kind: z.enum(DOCUMENT_KINDS),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
);

/** A notice was recorded for a person, a role or a partner (recipient `user:…`, `role:…`, `supplier:…`). */
export const NotificationRecorded = defineEvent(
  'events.document.notification.recorded',
  1,
  z.object({
    id: f.ref,
    recipient: z.string().min(1).max(200),
    kind: z.string().min(1).max(50),
    subject: z.string().min(1).max(500),
    documentNumber: f.ref.nullable(),
  }),
);
