import { api } from '../../scripts/api-client.ts';

/** Changes the sales settings for a test and gives back a function that restores them. */
export async function withSettings(change: (s: Record<string, any>) => Record<string, any>): Promise<() => Promise<void>> {
  const current = (await api('admin', 'GET', '/api/v1/settings/sales')).body as Record<string, any>;
  const { version, ...original } = current;
  const put = async (settings: Record<string, unknown>, expectedVersion: number) => {
    const res = await api('admin', 'POST', '/api/v1/settings/sales', { settings, expectedVersion });
    if (res.status !== 200) throw new Error(`settings: ${res.status} ${JSON.stringify(res.body)}`);
    return (res.body as { version: number }).version;
  };
  const changedVersion = await put(change(structuredClone(original)), version);
  return async () => {
    await put(original, changedVersion);
  };
}
