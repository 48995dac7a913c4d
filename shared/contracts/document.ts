import type { Quote } from './quote.ts';
import type { SalesOrder } from './order.ts';
import type { DeliveryNote } from './fulfillment.ts';
import type { Invoice } from './invoicing.ts';

export const DocumentSubjects = {
  get: 'document.get',
  list: 'document.list',
  /** Staff and partner notices (reminders, escalations, warehouse and supplier notices): correspondence, kept by the document service. */
  notify: 'document.notification.record',
  notifications: 'document.notification.list',
  health: 'document.health',
} as const;

/**
 * The JetStream object store bucket holding every rendered PDF. PDF bytes never
 * travel inside NATS JSON messages: the document service writes them here, the
 * gateway streams them from here.
 */
export const DOCUMENTS_BUCKET = 'kontor-documents';

/** The object name of one revision's PDF in DOCUMENTS_BUCKET. */
export function pdfObjectName(number: string, revision: number): string {
  return `${number}/${revision}`;
}

export type DocumentKind = 'quote' | 'order' | 'delivery_note' | 'invoice';

/** What the document service renders: the kind and the issuing service's snapshot of the document. */
export type RenderRequest =
  | { kind: 'quote'; document: Quote }
  | { kind: 'order'; document: SalesOrder }
  | { kind: 'delivery_note'; document: DeliveryNote }
  | { kind: 'invoice'; document: Invoice };

/** A stored PDF; never changed once written. */
export interface StoredDocument {
  id: string;
  kind: DocumentKind;
  number: string;
  revision: number;
  sha256: string;
  size: number;
  createdAt: string;
}

/** How far rendering of one document revision got: attempts so far, the last failure and when it is tried next. */
export interface RenderProgress {
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  renderedAt: string | null;
}

/**
 * A document's PDF as the document service knows it: `rendered` with the stored
 * PDF's metadata and its object name, or `pending` (issued, rendering queued or
 * being retried).
 */
export type DocumentStatus =
  | ({ state: 'rendered'; objectName: string; render: RenderProgress | null } & StoredDocument)
  | { state: 'pending'; kind: DocumentKind; number: string; revision: number; render: RenderProgress | null };
