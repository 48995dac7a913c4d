import { connect } from 'node:net';
import { demoKeys } from '../../scripts/api-client.ts';

/** A raw HTTP/1.1 exchange: writes `head` and waits for the answer (or the socket to close) at most `waitMs`. */
function rawExchange(head: string, waitMs: number): Promise<{ text: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(Number(process.env.PORT ?? 3000), '127.0.0.1');
    let text = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, ms: Date.now() - started });
    };
    const timer = setTimeout(done, waitMs);
    socket.on('connect', () => socket.write(head));
    socket.on('data', (chunk) => {
      text += chunk.toString('utf8');
      // One complete problem document is enough.
      if (/\r\n\r\n[\s\S]*\}\s*$/.test(text)) done();
    });
    socket.on('end', done);
    socket.on('error', reject);
  });
}

describe('the HTTP edge', () => {
  it('answers a request whose announced body never arrives with 408 within a few seconds', async () => {
    const head = [
      'POST /api/v1/quotes HTTP/1.1',
      'Host: 127.0.0.1',
      `Authorization: Bearer ${demoKeys().sales}`,
      'Content-Type: application/json',
      'Content-Length: 100',
      '',
      '',
    ].join('\r\n');
    const { text, ms } = await rawExchange(head, 15_000);
    expect(text).toMatch(/^HTTP\/1\.1 (408|400) /);
    expect(ms).toBeLessThan(10_000);
    expect(text).toContain('application/problem+json');
    const body = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as { status: number; code: string };
    expect(body.status).toBe(408);
    expect(body.code).toBe('request_timeout');
  }, 20_000);
});
