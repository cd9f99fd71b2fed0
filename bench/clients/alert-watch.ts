/**
 * A child process holding a few socket.io-client connections, one per server process of a cluster, and
 * keeping every warning and breach each one receives — its id, due instant, late flag and when it
 * arrived here — so the parent can count, per client, what arrived twice and what never arrived.
 */
import { io, type Socket } from 'socket.io-client';
import { serve } from '../lib/child.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/socket.ts';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface Receipt {
  id: string;
  visitId: string;
  kind: string;
  dueAt: number;
  late: boolean;
  at: number;
}

const sockets: LiveSocket[] = [];
/** Per socket (in the order connected): the alerts it received since the last collect. */
let receipts: Receipt[][] = [];

function connect(url: string, token: string): Promise<LiveSocket> {
  const index = receipts.push([]) - 1;
  const socket: LiveSocket = io(url, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 30_000,
  });
  socket.on('alert', (a) => {
    const at = Date.now();
    if (a.kind === 'warning' || a.kind === 'breach') {
      receipts[index]!.push({
        id: a.id,
        visitId: a.visitId,
        kind: a.kind,
        dueAt: Date.parse(a.dueAt),
        late: a.late,
        at,
      });
    }
  });
  return new Promise((resolve, reject) => {
    socket.once('snapshot', () => resolve(socket));
    socket.once('connect_error', (e) => reject(new Error(`alert watch on ${url}: ${e.message}`)));
  });
}

serve(async (m: { type: string; clients?: { url: string; token: string }[] }) => {
  switch (m.type) {
    case 'connect':
      for (const c of m.clients!) sockets.push(await connect(c.url, c.token));
      return { connected: sockets.length };
    case 'collect': {
      const out = { receipts, connected: sockets.map((s) => s.connected) };
      receipts = receipts.map(() => []);
      return out;
    }
    case 'disconnect':
      for (const s of sockets.splice(0)) s.close();
      receipts = [];
      return {};
    default:
      throw new Error(`unknown message ${m.type}`);
  }
});
