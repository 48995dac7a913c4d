import type { Quote } from './quote.ts';
import type { SalesOrder } from './order.ts';
import type { DeliveryNote } from './fulfillment.ts';
import type { Invoice } from './invoicing.ts';

export const DocumentSubjects = {
  render: 'document.render',
  get: 'document.get',
  list: 'document.list',
  health: 'document.health',
} as const;

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

export interface StoredDocumentWithContent extends StoredDocument {
  /** The PDF bytes, base64. */
  contentBase64: string;
}
