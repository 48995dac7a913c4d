/** Waits until the gateway's /health reports every dependency and service up, then the staff web app's; exits 1 after the timeout. */
const port = process.env.PORT ?? '3000';
const webPort = process.env.WEB_PORT ?? String(Number(port) + 1);
const deadline = Date.now() + Number(process.env.WAIT_READY_SECONDS ?? 120) * 1000;
let last = '';
for (const url of [`http://127.0.0.1:${port}/health`, `http://127.0.0.1:${webPort}/health`]) {
  for (;;) {
    try {
      const res = await fetch(url);
      last = await res.text();
      if (res.ok) break;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() > deadline) {
      console.error(`not ready in time; last answer of ${url}: ${last}`);
      process.exit(1);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
console.log('all services ready');
