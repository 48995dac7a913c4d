import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { openOrm } from '../shared/db/orm.ts';
import { DEMO_KEYS_FILE } from './instance.ts';
import { ROLES, createApiKey, findRole, type Role } from '../services/gateway/src/auth/api-keys.ts';
import { gatewayOrmOptions } from '../services/gateway/src/db.ts';

/**
 * One demo API key per role. Keys are stored hashed, so the plain demo keys
 * are kept in the git-ignored .data/demo-keys.json and reused on the next run.
 */
const file = DEMO_KEYS_FILE;
const orm = await openOrm(gatewayOrmOptions);
const known: Partial<Record<Role, string>> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
const keys: Partial<Record<Role, string>> = {};
for (const role of ROLES) {
  const existing = known[role];
  keys[role] =
    existing && (await findRole(orm.em.fork(), existing)) === role ? existing : await createApiKey(orm.em.fork(), `demo-${role}-${Date.now()}`, role);
}
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, JSON.stringify(keys, null, 2) + '\n', { mode: 0o600 });
await orm.close();
console.log(`Demo API keys (Authorization: Bearer <key>), also in ${file}:`);
for (const role of ROLES) console.log(`  ${role.padEnd(16)} ${keys[role]}`);
