/** The web app's settings from the environment; defaults fit `npm run up` on this machine. */
const apiPort = Number(process.env.PORT ?? 3000);

export const webConfig = {
  /** Where the staff web app listens: WEB_PORT, else the API's port + 1. */
  port: Number(process.env.WEB_PORT ?? apiPort + 1),
  /** The public REST API the app reads and writes through (with the signed-in user's session token). */
  apiUrl: process.env.KONTOR_API_URL ?? `http://127.0.0.1:${apiPort}/api/v1`,
  /** The Temporal UI, for the link from an order to its sale's workflow. */
  temporalUi: process.env.KONTOR_TEMPORAL_UI_URL ?? `http://127.0.0.1:${process.env.TEMPORAL_UI_PORT ?? 8233}`,
  temporalNamespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
  /** PostgreSQL for the app's own schema `web` (its sessions); the same database as the services. */
  databaseUrl: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/kontor',
  /** PostgreSQL's Unix socket folder, when `up` found the database accepting it (as the services, shared/config.ts). */
  databaseSocketDir: process.env.DATABASE_SOCKET_DIR && process.env.DATABASE_SOCKET_DIR !== 'none' ? process.env.DATABASE_SOCKET_DIR : undefined,
  /** A session ends after this long without a request. */
  idleMs: Number(process.env.KONTOR_WEB_IDLE_MINUTES ?? 60) * 60_000,
  /** Cookies with the Secure flag (behind HTTPS); plain HTTP on this machine otherwise. */
  secureCookies: process.env.KONTOR_WEB_SECURE_COOKIES === '1',
};
