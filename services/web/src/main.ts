import { createServer } from 'node:http';
import { createWebApp } from './app.ts';
import { webConfig } from './config.ts';
import { openWebDb } from './db.ts';
import { SessionStore } from './sessions.ts';

/** The web process: its schema (sessions) brought up to date, the app, and a sweep of ended sessions. */
const orm = await openWebDb();
const sessions = new SessionStore(orm);
const purge = () =>
  sessions.purge().catch((err: unknown) => {
    console.error('[web] purging ended sessions failed', err);
    return 0;
  });
const purged = await purge();
if (purged) console.log(`[web] purged ${purged} ended sessions`);
const sweeper = setInterval(() => void purge(), 10 * 60_000);
sweeper.unref();

const server = createServer(createWebApp(sessions));
server.listen(webConfig.port, '0.0.0.0', () => console.log(`[web] listening on :${webConfig.port} (API ${webConfig.apiUrl})`));
const stop = () => {
  clearInterval(sweeper);
  server.close(() => orm.close().finally(() => process.exit(0)));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
