/** Waits until the gateway's /health reports every dependency and service up; exits 1 after the timeout. */
const port = process.env.PORT ?? '3000';
const deadline = Date.now() + Number(process.env.WAIT_READY_SECONDS ?? 120) * 1000;
let last = '';
while (Date.now() < deadline) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health`);
    last = await res.text();
    if (res.ok) {
      console.log('all services ready');
      process.exit(0);
    }
  } catch (err) {
    last = err instanceof Error ? err.message : String(err);
  }
  await new Promise((r) => setTimeout(r, 500));
}
console.error(`not ready in time; last health answer: ${last}`);
process.exit(1);
