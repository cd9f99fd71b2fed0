/**
 * A live connection to the branch: snapshot on (re)connect, deltas after it, the server clock offset
 * for countdowns, and the connection state so a page never pretends to be live when it is not.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerEventHandlers, ServerToClientEvents } from '../../shared/socket.ts';

/** Every server event has a slot (`duty`, `kiosk-refusal` for the pages that show them), plus the connection's state. */
export interface LiveHandlers extends ServerEventHandlers<'snapshot' | 'visit' | 'alert'> {
  status(connected: boolean, lastUpdate: number | null): void;
  /** The server refused the token (signed out, revoked device). */
  rejected?(reason: string): void;
}

export interface Live {
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  /** Server time now, by the local clock corrected with the measured offset. */
  serverNow(): number;
  close(): void;
}

export function connectLive(token: string, h: LiveHandlers): Live {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
    auth: { token },
    transports: ['websocket', 'polling'],
  });
  let offset = 0;
  let lastUpdate: number | null = null;
  const touch = () => {
    lastUpdate = Date.now();
  };
  const measure = () => {
    const sent = Date.now();
    socket.emit('time', (serverNow) => {
      const received = Date.now();
      // Assume the reply took half the round trip to come back.
      offset = serverNow + (received - sent) / 2 - received;
    });
  };
  socket.on('connect', () => {
    measure();
    h.status(true, lastUpdate);
  });
  socket.on('disconnect', () => h.status(false, lastUpdate));
  socket.on('connect_error', (e) => {
    if (e.message === 'unauthorized' || e.message === 'forbidden') h.rejected?.(e.message);
    h.status(false, lastUpdate);
  });
  socket.on('snapshot', (s) => {
    offset = Date.parse(s.serverTime) - Date.now();
    touch();
    h.snapshot(s);
    h.status(true, lastUpdate);
    measure();
  });
  socket.on('visit', (v) => {
    touch();
    h.visit(v);
  });
  socket.on('alert', (a) => {
    touch();
    h.alert(a);
  });
  // The other events, each forwarded to its handler: a new event in ServerToClientEvents fails to compile
  // here until it is forwarded too.
  const forward: { [E in Exclude<keyof ServerToClientEvents, 'snapshot' | 'visit' | 'alert'>]: () => void } = {
    duty: () => socket.on('duty', (d) => h.duty?.(d)),
    'kiosk-refusal': () => socket.on('kiosk-refusal', (r) => h['kiosk-refusal']?.(r)),
    // A branch's screens never receive these (the regional wall has its own connection): kept for completeness.
    region: () => socket.on('region', (o) => h.region?.(o)),
    'region-branch': () => socket.on('region-branch', (b) => h['region-branch']?.(b)),
  };
  for (const on of Object.values(forward)) on();
  return {
    socket,
    serverNow: () => Date.now() + offset,
    close: () => void socket.close(),
  };
}
