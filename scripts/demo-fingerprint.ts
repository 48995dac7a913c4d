import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { api } from './api-client.ts';
import { DATA_DIR } from './instance.ts';

/**
 * Prints what a test run must never change on a running instance (the demo
 * system): its sales settings, its documents and their states, and the
 * processes it runs (a killed or restarted worker shows as a new pid).
 * deploy/test.sh compares it before and after the tests.
 */
const read = async (path: string) => {
  const res = await api('admin', 'GET', path);
  if (res.status !== 200) throw new Error(`GET ${path} → ${res.status}`);
  return res.body;
};
const runDir = join(DATA_DIR, 'run');
const processes = Object.fromEntries(
  readdirSync(runDir)
    .filter((f) => f.endsWith('.start'))
    .map((f) => [f.replace(/\.start$/, ''), readFileSync(join(runDir, f), 'utf8').trim()]),
);
const fingerprint = {
  settings: await read('/api/v1/settings/sales'),
  quotes: await read('/api/v1/quotes'),
  orders: await read('/api/v1/orders'),
  invoices: await read('/api/v1/invoices'),
  processes,
};
console.log(JSON.stringify(fingerprint));
