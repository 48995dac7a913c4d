import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { createServer, connect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { BASE_URL } from '../../scripts/api-client.ts';

const root = new URL('../../', import.meta.url).pathname;
const adminUrl = (process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/kontor').replace(/\/[^/]*$/, '/postgres');

/** Only what a person's shell would have: no instance settings of the test instance leak in. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.KONTOR_ORIG_PATH ?? process.env.PATH, HOME: process.env.HOME, CI: process.env.CI };
  return { ...env, ...extra };
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => (s.destroy(), resolve(true)));
    s.on('error', () => resolve(false));
  });

async function dropDatabase(name: string) {
  const pg = new PgClient({ connectionString: adminUrl });
  await pg.connect();
  await pg.query(`drop database if exists ${name} with (force)`);
  await pg.end();
}

/** Another instance on the same host: its own ports, data folder and database; down.sh finds it from its saved settings. */
describe('a second stack instance on one host', () => {
  const db = 'kontor_instance_probe';
  const dir = mkdtempSync(join(tmpdir(), 'kontor-instance-'));
  const ports = { api: 3191, nats: 4391, temporal: 7391, ui: 8391 };
  afterAll(async () => {
    spawnSync('bash', [`${root}deploy/down.sh`], { env: cleanEnv({ KONTOR_DATA_DIR: dir }), stdio: 'ignore' });
    await dropDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });

  it('comes up beside the test instance, names its own URLs, and goes down by its data folder alone', async () => {
    const out = execFileSync('bash', [`${root}deploy/up.sh`], {
      env: cleanEnv({
        KONTOR_DATA_DIR: dir,
        PORT: String(ports.api),
        NATS_URL: `nats://127.0.0.1:${ports.nats}`,
        TEMPORAL_ADDRESS: `127.0.0.1:${ports.temporal}`,
        TEMPORAL_UI_PORT: String(ports.ui),
        DATABASE_URL: adminUrl.replace(/\/postgres$/, `/${db}`),
      }),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out).toContain(`http://127.0.0.1:${ports.ui}`);
    expect(out).toContain(`http://127.0.0.1:${ports.api}/api/v1`);
    expect((await fetch(`http://127.0.0.1:${ports.api}/health`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${ports.ui}/`)).status).toBe(200);
    expect(readFileSync(join(dir, 'instance.env'), 'utf8')).toContain(`PORT=${ports.api}`);

    execFileSync('bash', [`${root}deploy/down.sh`], { env: cleanEnv({ KONTOR_DATA_DIR: dir }), stdio: 'ignore' });
    for (const p of Object.values(ports)) expect(await portOpen(p)).toBe(false);
    // The instance this suite runs on is untouched.
    expect((await fetch(`${BASE_URL}/health`)).status).toBe(200);
  }, 300_000);
});

describe('a failed start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kontor-instance-'));
  let blocker: Server;
  beforeAll(async () => {
    // Something else holds the UI port this instance asks for.
    blocker = createServer();
    await new Promise<void>((r) => blocker.listen(8392, '127.0.0.1', r));
  });
  afterAll(async () => {
    spawnSync('bash', [`${root}deploy/down.sh`], { env: cleanEnv({ KONTOR_DATA_DIR: dir }), stdio: 'ignore' });
    await new Promise((r) => blocker.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves no stale record of infrastructure it did not start', async () => {
    const run = spawnSync('bash', [`${root}deploy/up.sh`], {
      env: cleanEnv({ KONTOR_DATA_DIR: dir, PORT: '3192', NATS_URL: 'nats://127.0.0.1:4392', TEMPORAL_ADDRESS: '127.0.0.1:7392', TEMPORAL_UI_PORT: '8392' }),
      encoding: 'utf8',
    });
    expect(run.status).not.toBe(0);
    const infra = join(dir, 'run', 'started-infra');
    expect(existsSync(infra) ? readFileSync(infra, 'utf8') : '').not.toContain('temporal');
    expect(await portOpen(7392)).toBe(false);
    expect(existsSync(join(dir, 'instance.env'))).toBe(false);
  }, 180_000);
});
