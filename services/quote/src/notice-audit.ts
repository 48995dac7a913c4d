import { defineConsumer } from '../../../shared/db/inbox.ts';
import { recordAudit } from '../../../shared/db/audit.ts';
import { NotificationRecorded } from '../../../shared/contracts/document/events.ts';

/**
 * A quote's trail shows the notices sent about it (approval reminders,
 * escalations, expiry reminders), dated when they were sent; the notices
 * themselves are kept by the document service.
 */
export const noticeAuditConsumer = defineConsumer('quote-notices', [NotificationRecorded], async (tx, event) => {
  const n = event.data;
  if (!n.documentNumber?.startsWith('AN-')) return;
  await recordAudit(tx, {
    aggregateType: 'quote',
    aggregateId: n.documentNumber,
    action: n.kind,
    details: { recipient: n.recipient, subject: n.subject },
    at: event.occurredAt,
  });
});
