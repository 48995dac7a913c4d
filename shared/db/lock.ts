import { LockMode, type EntitySchema, type FilterQuery } from '@mikro-orm/core';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { Em } from './orm.ts';

/**
 * Loads an aggregate row FOR UPDATE inside the caller's transaction and checks
 * the caller's expected version, so concurrent edits queue up instead of
 * silently overwriting each other.
 */
export async function findForUpdate<T extends { version: number }>(
  tx: Em,
  entity: EntitySchema<T>,
  where: FilterQuery<T>,
  label: string,
  expectedVersion?: number,
): Promise<T> {
  const row = (await tx.findOne(entity, where, { lockMode: LockMode.PESSIMISTIC_WRITE })) as T | null;
  if (!row) throw new NotFoundError(`${label} not found`, 'number');
  if (expectedVersion !== undefined && expectedVersion !== row.version) {
    throw new ConflictError(`${label} is at version ${row.version}, not ${expectedVersion}; reload and retry`, 'version_mismatch');
  }
  return row;
}
