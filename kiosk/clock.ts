/**
 * The server's clock as seen from the kiosk. A check-in carries the moment it happened; measured against
 * the server's clock, a kiosk whose own clock is off still sends the right time (the server refuses times
 * more than a minute in its future). The offset is kept, so a reload while offline still uses it.
 */
import { api } from '../shared/api/routes.ts';
import { call } from '../shared/browser/api.ts';

const STORE_KEY = 'yingbin.kiosk.clockOffset';
let offset = Number(localStorage.getItem(STORE_KEY) ?? 0) || 0;

/** Server time now, in epoch ms. */
export function serverNow(): number {
  return Date.now() + offset;
}

/** Reads the server clock (and so also tells whether the server is reachable: throws ApiFailure). */
export async function measureClock(): Promise<void> {
  const sent = Date.now();
  const { epochMs } = await call(api.time, {});
  const received = Date.now();
  // Assume the reply took half the round trip to come back.
  offset = Math.round(epochMs + (received - sent) / 2 - received);
  localStorage.setItem(STORE_KEY, String(offset));
}
