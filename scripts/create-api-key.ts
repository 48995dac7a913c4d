import { parseArgs } from 'node:util';
import { openOrm } from '../shared/db/orm.ts';
import { ROLES, createApiKey, type Role } from '../services/gateway/src/auth/api-keys.ts';
import { gatewayOrmOptions } from '../services/gateway/src/db.ts';

/** Creates an API key for a role and prints it once: npm run apikey -- --role accounting --name "Buchhaltung" */
const { values } = parseArgs({ options: { role: { type: 'string' }, name: { type: 'string' } } });
if (!values.role || !ROLES.includes(values.role as Role)) {
  console.error(`--role must be one of ${ROLES.join(', ')}`);
  process.exit(2);
}
const orm = await openOrm(gatewayOrmOptions);
const key = await createApiKey(orm.em.fork(), values.name ?? `${values.role}-${Date.now()}`, values.role as Role);
console.log(key);
await orm.close();
