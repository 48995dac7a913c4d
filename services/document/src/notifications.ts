import type { Em } from '../../../shared/db/orm.ts';
import { recordEvent } from '../../../shared/db/outbox.ts';
import { NotificationRecorded } from '../../../shared/contracts/document/events.ts';

export interface NewNotification {
  recipient: string;
  kind: string;
  subject: string;
  documentNumber?: string | undefined;
  details?: Record<string, unknown> | undefined;
}

export interface NotificationJson {
  id: string;
  recipient: string;
  kind: string;
  subject: string;
  documentNumber: string | null;
  details: Record<string, unknown>;
  createdAt: string;
}

/** Records a notice and tells the owners of its document (the quote service audits reminders of its quotes). */
export async function recordNotification(tx: Em, n: NewNotification): Promise<{ id: string }> {
  const [row] = await tx.execute<{ id: string }[]>(
    `insert into notification (recipient, kind, subject, document_number, details) values (?, ?, ?, ?, ?::jsonb) returning id`,
    [n.recipient, n.kind, n.subject, n.documentNumber ?? null, JSON.stringify(n.details ?? {})],
  );
  const id = String(row!.id);
  recordEvent(tx, NotificationRecorded, { id, recipient: n.recipient, kind: n.kind, subject: n.subject, documentNumber: n.documentNumber ?? null });
  return { id };
}

/** The newest notices for any of the recipients (a user and their role), optionally of one document. */
export async function listNotifications(em: Em, recipients: string[], documentNumber?: string): Promise<NotificationJson[]> {
  const rows = await em.execute<
    { id: string; recipient: string; kind: string; subject: string; document_number: string | null; details: Record<string, unknown>; created_at: Date }[]
  >(
    `select id, recipient, kind, subject, document_number, details, created_at from notification
     where recipient in (?) ${documentNumber ? 'and document_number = ?' : ''} order by id desc limit 200`,
    documentNumber ? [recipients, documentNumber] : [recipients],
  );
  return rows.map((r) => ({
    id: String(r.id),
    recipient: r.recipient,
    kind: r.kind,
    subject: r.subject,
    documentNumber: r.document_number,
    details: r.details,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}
