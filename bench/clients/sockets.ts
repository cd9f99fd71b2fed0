/**
 * A child process holding many real socket.io-client connections (staff tablets, wall displays). It
 * stamps every alert and visit with the time it arrived here; the parent collects the stamps.
 */
import { io, type Socket } from 'socket.io-client';
import { serve } from '../lib/child.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/socket.ts';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const sockets: LiveSocket[] = [];
/** Pairs (due instant, received) for every warning and breach, flat. */
let alerts: number[] = [];
/** Pairs (the visit's arrival instant, received) for every pushed visit, flat. */
let visits: number[] = [];

function connect(url: string, token: string): Promise<LiveSocket> {
  const socket: LiveSocket = io(url, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 60_000,
  });
  socket.on('alert', (a) => {
    const at = Date.now();
    if (a.kind !== 'resolved') alerts.push(Date.parse(a.dueAt), at);
  });
  socket.on('visit', (v) => {
    visits.push(Date.parse(v.arrivedAt), Date.now());
  });
  return new Promise((resolve, reject) => {
    socket.once('snapshot', () => resolve(socket));
    socket.once('connect_error', (e) => reject(new Error(`socket for ${token.slice(0, 24)}…: ${e.message}`)));
  });
}

serve(async (m: { type: string; url?: string; tokens?: string[] }) => {
  switch (m.type) {
    case 'connect': {
      const started = Date.now();
      const tokens = m.tokens!;
      // A few hundred handshakes at once would only queue in the server's accept backlog.
      for (let i = 0; i < tokens.length; i += 50) {
        sockets.push(...(await Promise.all(tokens.slice(i, i + 50).map((t) => connect(m.url!, t)))));
      }
      return { connected: sockets.length, ms: Date.now() - started };
    }
    case 'collect': {
      const out = { alerts, visits, connected: sockets.filter((s) => s.connected).length };
      alerts = [];
      visits = [];
      return out;
    }
    case 'disconnect': {
      for (const s of sockets.splice(0)) s.close();
      return {};
    }
    default:
      throw new Error(`unknown message ${m.type}`);
  }
});
