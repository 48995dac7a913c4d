import type { Em } from '../../../shared/db/orm.ts';
import type { Actor } from '../../../shared/contracts/common.ts';
import { recordAudit, diff } from '../../../shared/db/audit.ts';
import { ConflictError } from '../../../shared/errors.ts';
import { DEFAULT_POLICY } from './domain/approval-policy.ts';

import type { SalesSettings } from '../../../shared/contracts/quote/index.ts';

export const DEFAULT_SETTINGS: SalesSettings = {
  approvalPolicy: DEFAULT_POLICY,
  approvalReminderAfter: '24h',
  approvalEscalateAfter: '48h',
  escalationRole: 'director',
  expiryReminderBefore: '3d',
  defaultValidityDays: 30,
  tax: { smallBusiness: false, ossThresholdExceeded: false },
};

export async function loadSettings(em: Em): Promise<SalesSettings & { version: number }> {
  const [row] = await em.execute<{ settings: SalesSettings; version: number }[]>(`select settings, version from sales_settings where id = 1`);
  return row ? { ...DEFAULT_SETTINGS, ...row.settings, version: row.version } : { ...DEFAULT_SETTINGS, version: 0 };
}

/** Replaces the settings; the caller's version must match so two admins do not overwrite each other. */
export async function saveSettings(tx: Em, settings: SalesSettings, expectedVersion: number, actor?: Actor): Promise<SalesSettings & { version: number }> {
  const current = await loadSettings(tx);
  await tx.execute(`select 1 from sales_settings where id = 1 for update`);
  if (current.version !== expectedVersion) throw new ConflictError(`settings are at version ${current.version}, not ${expectedVersion}`, 'version_mismatch');
  await tx.execute(
    `insert into sales_settings (id, settings, version) values (1, ?::jsonb, 1)
     on conflict (id) do update set settings = excluded.settings, version = sales_settings.version + 1, updated_at = now()`,
    [JSON.stringify(settings)],
    'run',
  );
  const { version: _v, ...before } = current;
  await recordAudit(tx, { aggregateType: 'settings', aggregateId: 'sales-settings', action: 'updated', actor, details: { changes: diff(before, settings) } });
  return { ...settings, version: current.version + 1 };
}
