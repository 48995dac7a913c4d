/**
 * What the object store's SHA-256 check costs a PDF's put and get: the native
 * hash (node:crypto, what openDocumentsBucket selects) against the library's
 * default pure-JS hash, alternating in one run against the real NATS, for a
 * 60 KB PDF (a 3-line invoice) and a 5 MB one. Prints CPU ms and wall ms per
 * put+get and the ratio js ÷ native.
 *
 *   node test/bench/pdf-object-store.ts   (NATS_URL, BENCH_ROUNDS)
 */
import { Objm, StorageType, setSha256Backend } from '@nats-io/obj';
import { randomBytes } from 'node:crypto';
import { connectNats } from '../../shared/nats/connection.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BUCKET = 'kontor-bench-pdf-store';
const nc = await connectNats('kontor-bench-pdf-store');
const objm = new Objm(nc);
await objm
  .open(BUCKET)
  .then((b) => b.destroy())
  .catch(() => undefined);
const store = await objm.create(BUCKET, { storage: StorageType.Memory });

/** CPU and wall ms of one put and one get of `pdf`, averaged over n. */
async function putGet(pdf: Uint8Array, n: number): Promise<{ cpu: number; wall: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const name = `pdf-${i % 4}`;
    await store.putBlob({ name }, pdf);
    const back = await store.getBlob(name);
    if (back?.length !== pdf.length) throw new Error(`${name}: got ${back?.length} bytes back, put ${pdf.length}`);
  }
  const cpu = process.cpuUsage(cpu0);
  return { cpu: (cpu.user + cpu.system) / 1000 / n, wall: (performance.now() - t0) / n };
}

const sizes = [
  { label: '60 KB', pdf: randomBytes(60 * 1024), n: 200 },
  { label: '5 MB', pdf: randomBytes(5 * 1024 * 1024), n: 10 },
];
const sum: Record<string, { js: number; native: number; jsWall: number; nativeWall: number }> = {};
for (let round = 0; round < ROUNDS; round++) {
  for (const backend of ['js', 'native'] as const) {
    setSha256Backend(backend);
    for (const { label, pdf, n } of sizes) {
      const r = await putGet(pdf, n);
      const s = (sum[label] ??= { js: 0, native: 0, jsWall: 0, nativeWall: 0 });
      s[backend] += r.cpu / ROUNDS;
      s[`${backend}Wall`] += r.wall / ROUNDS;
    }
  }
}
console.log('size    js CPU/wall ms   native CPU/wall ms   CPU js ÷ native');
for (const [label, s] of Object.entries(sum)) {
  console.log(
    `${label.padEnd(8)}${`${s.js.toFixed(1)}/${s.jsWall.toFixed(1)}`.padStart(15)}${`${s.native.toFixed(1)}/${s.nativeWall.toFixed(1)}`.padStart(21)}${(s.js / s.native).toFixed(2).padStart(17)}×`,
  );
}
await store.destroy();
await nc.close();
