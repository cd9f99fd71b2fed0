/** The typed Socket.IO contract between the server and every live page. */
import type { Alert, Visit } from './types.ts';

export interface Snapshot {
  /** The server's clock when the snapshot was taken (ISO 8601), for the client's offset. */
  serverTime: string;
  branch: string;
  visits: Visit[];
  alerts: Alert[];
}

export interface ServerToClientEvents {
  snapshot: (s: Snapshot) => void;
  visit: (v: Visit) => void;
  alert: (a: Alert) => void;
}

export interface ClientToServerEvents {
  /** Asks for the server's clock; the reply is epoch ms. */
  time: (reply: (serverNow: number) => void) => void;
  /** Asks for a fresh snapshot (after a suspected gap). */
  resync: (reply: (s: Snapshot) => void) => void;
}

export interface SocketAuth {
  token: string;
}

/** Rooms a socket may be in; the wall room gets visits without personal data. */
export const rooms = {
  staff: (branch: string) => `branch:${branch}:staff`,
  wall: (branch: string) => `branch:${branch}:wall`,
};
