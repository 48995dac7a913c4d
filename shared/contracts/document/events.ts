import { z } from 'zod';
import { defineEvent, eventFields as f } from '../events.ts';

/** Events of the document context. */

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
