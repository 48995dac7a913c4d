import { EntitySchema } from '@mikro-orm/core';
import type { DocumentKind } from '../../../shared/contracts/document/index.ts';

export interface StoredDocumentRow {
  id: string;
  kind: DocumentKind;
  number: string;
  revision: number;
  /** 1 when issued; each regeneration after a template change stores the next version beside the earlier ones. */
  version: number;
  sha256: string;
  size: number;
  content: Buffer;
  createdAt: Date;
  /** Hash of the template files the PDF was rendered with ('unknown' for versions stored before the archive). */
  templateVersion: string;
  language: string;
  /** The last day the document must be kept (YYYY-MM-DD). */
  retentionUntil: string;
  /** The customer's number (bulk print filters by it); null on documents stored before it was recorded. */
  customerNumber?: string | null;
}

export const StoredDocumentEntity = new EntitySchema<StoredDocumentRow>({
  name: 'StoredDocument',
  tableName: 'stored_document',
  properties: {
    id: { type: 'string', primary: true },
    kind: { type: 'string' },
    number: { type: 'string' },
    revision: { type: 'integer' },
    version: { type: 'integer' },
    sha256: { type: 'string' },
    size: { type: 'integer' },
    content: { type: 'blob', lazy: true },
    createdAt: { type: 'datetime' },
    templateVersion: { type: 'string' },
    language: { type: 'string' },
    retentionUntil: { type: 'string', columnType: 'date' },
    customerNumber: { type: 'string', nullable: true },
  },
});
