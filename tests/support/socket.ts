/** A real socket.io-client that records what it receives, with the local receive time. */
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, Snapshot } from '../../shared/socket.ts';
import type { Alert, Visit } from '../../shared/types.ts';

export interface Listener {
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  snapshots: Snapshot[];
  visits: { at: number; visit: Visit }[];
  alerts: { at: number; alert: Alert }[];
  waitFor<T>(pick: () => T | undefined, timeoutMs?: number): Promise<T>;
  close(): void;
}

export async function listen(
  url: string,
  token: string,
  options: Partial<ManagerOptions & SocketOptions> = {},
): Promise<Listener> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    ...options,
  });
  const l: Listener = {
    socket,
    snapshots: [],
    visits: [],
    alerts: [],
    async waitFor(pick, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const v = pick();
        if (v !== undefined) return v;
        if (Date.now() > until) throw new Error('timed out waiting');
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () => void socket.close(),
  };
  socket.on('snapshot', (s) => l.snapshots.push(s));
  socket.on('visit', (visit) => l.visits.push({ at: Date.now(), visit }));
  socket.on('alert', (alert) => l.alerts.push({ at: Date.now(), alert }));
  await new Promise<void>((resolve, reject) => {
    socket.once('snapshot', () => resolve());
    socket.once('connect_error', (e) => reject(e));
  });
  return l;
}
