/**
 * The one id helper of every page (kiosk, staff console, wall, report). A hall opens its pages as
 * http://<hall server>:8080/…, which is not a secure context, and there crypto.randomUUID does not
 * exist; crypto.getRandomValues does everywhere, so it is the fallback.
 */

/** A random UUID v4 (idempotency keys, local ids). */
export function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40; // version 4
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
