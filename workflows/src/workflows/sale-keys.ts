/** Pure helpers of the sale's idempotency keys: workflow-safe and unit-tested. */

/** The services take keys of up to 200 characters; a longer one (an invoice of many notes) keeps its start and a hash of the whole. */
export const MAX_KEY_LENGTH = 200;
export function fitKey(key: string): string {
  if (key.length <= MAX_KEY_LENGTH) return key;
  // FNV-1a, 32 bit: deterministic and dependency-free, enough to tell long keys with the same start apart.
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return `${key.slice(0, MAX_KEY_LENGTH - 9)}~${hash.toString(16).padStart(8, '0')}`;
}
