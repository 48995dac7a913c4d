import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { openOrm } from '../shared/db/orm.ts';
import { DEMO_KEYS_FILE } from './instance.ts';
import { ROLES, createApiKey, findRole, type Role } from '../services/gateway/src/auth/api-keys.ts';
import { changeUser, createUser, findUserRow } from '../services/gateway/src/auth/users.ts';
import { verifyPassword } from '../services/gateway/src/auth/passwords.ts';
import { gatewayOrmOptions } from '../services/gateway/src/db.ts';
import { DEMO_USERS, demoPassword } from './demo-users.ts';

/**
 * One demo user per role (signing in with a known demo password) and one demo API key per role,
 * belonging to that user. Keys are stored hashed, so the plain demo keys are kept in the git-ignored
 * .data/demo-keys.json and reused on the next run.
 */
const file = DEMO_KEYS_FILE;
const orm = await openOrm(gatewayOrmOptions);
const em = () => orm.em.fork();
for (const u of DEMO_USERS) {
  const row = await findUserRow(em(), u.name);
  const password = demoPassword(u.name);
  if (!row) await createUser(em(), 'system', { name: u.name, displayName: u.displayName, roles: [u.role], password });
  else if (row.disabled || !row.roles.includes(u.role) || !(await verifyPassword(password, row.password_hash)))
    await changeUser(em(), 'system', u.name, { disabled: false, roles: [...new Set([...(row.roles as Role[]), u.role])], password });
}
const known: Partial<Record<Role, string>> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
const keys: Partial<Record<Role, string>> = {};
for (const role of ROLES) {
  const existing = known[role];
  const user = DEMO_USERS.find((u) => u.role === role)!.name;
  keys[role] = existing && (await findRole(em(), existing)) === role ? existing : await createApiKey(em(), `demo-${role}-${Date.now()}`, role, user);
}
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, JSON.stringify(keys, null, 2) + '\n', { mode: 0o600 });
await orm.close();
console.log(`Demo API keys (Authorization: Bearer <key>), also in ${file}:`);
for (const role of ROLES) console.log(`  ${role.padEnd(16)} ${keys[role]}`);
console.log('Demo sign-ins for the staff web app (name / password):');
for (const u of DEMO_USERS) console.log(`  ${u.role.padEnd(16)} ${u.name} / ${demoPassword(u.name)}`);
