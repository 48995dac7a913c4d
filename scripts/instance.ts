import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The instance's data folder (pids, logs, demo keys): KONTOR_DATA_DIR as deploy/lib.sh sets it, else .data. */
export const DATA_DIR = process.env.KONTOR_DATA_DIR ?? fileURLToPath(new URL('../.data', import.meta.url));
export const DEMO_KEYS_FILE = join(DATA_DIR, 'demo-keys.json');
