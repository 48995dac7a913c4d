import { z } from 'zod';
import { documentNumber } from '../../validation.ts';
import { defineCommand } from '../commands.ts';
import { documentStatusSchema, storedDocumentSchema } from './types.ts';

/** The document context's queries: the PDF state of documents (the bytes themselves are in the object store). */
export const DocumentCommands = {
  /** A revision's PDF state, or the latest issued revision's. */
  get: defineCommand('document.get', z.object({ number: documentNumber, revision: z.number().int().min(1).optional() }), documentStatusSchema),
  list: defineCommand('document.list', z.object({ numbers: z.array(documentNumber).max(200) }), z.array(storedDocumentSchema)),
};
