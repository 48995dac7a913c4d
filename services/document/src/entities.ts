import { EntitySchema } from '@mikro-orm/core';
import type { DocumentKind } from '../../../shared/contracts/document/index.ts';

export interface StoredDocumentRow {
  id: string;
  kind: DocumentKind;
  number: string;
  revision: number;
  sha256: string;
  size: number;
  content: Buffer;
  createdAt: Date;
}

export const StoredDocumentEntity = new EntitySchema<StoredDocumentRow>({
  name: 'StoredDocument',
  tableName: 'stored_document',
  properties: {
    id: { type: 'string', primary: true },
    kind: { type: 'string' },
    number: { type: 'string' },
    revision: { type: 'integer' },
    sha256: { type: 'string' },
    size: { type: 'integer' },
    content: { type: 'blob', lazy: true },
    createdAt: { type: 'datetime' },
  },
});
