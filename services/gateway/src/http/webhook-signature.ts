import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

/**
 * HMAC-SHA256 signatures of the payment provider's webhook calls, pure: the provider signs
 * `<unix seconds>.<raw body>` with the shared secret and sends `Kontor-Signature: t=<unix>,v1=<hex>`
 * (several v1 entries are allowed while a secret is rotated). A signature is accepted when one v1
 * matches (constant-time compare) and t is at most `toleranceSeconds` away from now, so a captured
 * call cannot be replayed later.
 */

export const SIGNATURE_HEADER = 'Kontor-Signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;

export type SignatureProblem = 'missing_signature' | 'malformed_signature' | 'timestamp_out_of_tolerance' | 'invalid_signature';

/** The hex HMAC-SHA256 of `t.body` under the secret. */
export function signPayload(secret: string, timestamp: number, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/** The header value a provider sends for this body at this time. */
export function signatureHeader(secret: string, timestamp: number, rawBody: Buffer | string): string {
  return `t=${timestamp},v1=${signPayload(secret, timestamp, rawBody)}`;
}

/** Parses `t=<unix>,v1=<hex>[,v1=<hex>…]`; null when it is not of that form. */
export function parseSignatureHeader(header: string): { timestamp: number; signatures: string[] } | null {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return null;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value) || timestamp !== null) return null;
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/i.test(value)) return null;
      signatures.push(value.toLowerCase());
    }
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures };
}

/** Why a call's signature is refused, or null when it is good. `nowSeconds` is passed in (the clock is never read here). */
export function verifySignature(
  secret: string,
  header: string | undefined,
  rawBody: Buffer | string,
  nowSeconds: number,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): SignatureProblem | null {
  if (!header) return 'missing_signature';
  const parsed = parseSignatureHeader(header);
  if (!parsed) return 'malformed_signature';
  if (Math.abs(nowSeconds - parsed.timestamp) > toleranceSeconds) return 'timestamp_out_of_tolerance';
  const expected = Buffer.from(signPayload(secret, parsed.timestamp, rawBody), 'hex');
  const good = parsed.signatures.some((s) => {
    const given = Buffer.from(s, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return good ? null : 'invalid_signature';
}

/** Where express.json() leaves the bytes it parsed (main.ts keeps them): a signature is over the bytes, never over re-serialised JSON. */
export interface RawBodyRequest extends Request {
  rawBody?: Buffer;
}

export function keepRawBody(req: Request, _res: unknown, buf: Buffer): void {
  (req as RawBodyRequest).rawBody = buf;
}

export function rawBodyOf(req: Request): Buffer {
  return (req as RawBodyRequest).rawBody ?? Buffer.alloc(0);
}
