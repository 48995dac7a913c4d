/** Environment configuration shared by every process; each default points at this machine. */
export const env = {
  databaseUrl: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/kontor',
  /**
   * A folder holding PostgreSQL's Unix socket (/var/run/postgresql): when set, the services reach the database
   * through it instead of DATABASE_URL's TCP host and port (same port number, same user and database). `up` sets it
   * where the database runs on this machine and accepts the socket: a query over loopback TCP costs this VM several
   * times the CPU of one over the socket. "none" or empty: TCP.
   */
  databaseSocketDir: process.env.DATABASE_SOCKET_DIR && process.env.DATABASE_SOCKET_DIR !== 'none' ? process.env.DATABASE_SOCKET_DIR : undefined,
  natsUrl: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  temporalAddress: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
  temporalNamespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
  taskQueue: process.env.TEMPORAL_TASK_QUEUE ?? 'kontor-sales',
  chromiumPath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  port: Number(process.env.PORT ?? 3000),
  /** Check every NATS reply against its command's reply schema before sending it (on for tests; costs CPU, so off by default). */
  validateReplies: process.env.KONTOR_VALIDATE_REPLIES === '1',
};
