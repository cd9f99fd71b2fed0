/**
 * The floor under an alert (and under a fan-out): a bare Node process with Socket.IO and nothing else — a plain setTimeout
 * per due instant, then one room broadcast of an alert-sized payload. No database, no fold, no rules.
 * Clients join the room named by their token, so the bench's socket clients work against it unchanged.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { serve } from '../lib/child.ts';

const http = createServer();
const io = new Server(http, { serveClient: false });
io.on('connection', (socket) => {
  void socket.join(String((socket.handshake.auth as { token?: unknown }).token));
  socket.emit('snapshot', { serverTime: new Date().toISOString(), branch: '', visits: [], alerts: [] });
});

/** An alert as the real server sends it, with made-up values of the same length. */
function alertLike(room: string, dueAt: number) {
  const due = new Date(dueAt).toISOString();
  return {
    id: `5f0c6a2e-9d1b-4c4e-8f7a-3b2d1e0f9a8c:reception:breach:${dueAt}`,
    kind: 'breach',
    visitId: '5f0c6a2e-9d1b-4c4e-8f7a-3b2d1e0f9a8c',
    branch: room,
    ticket: 'A001',
    line: 'property',
    rule: 'reception',
    dueAt: due,
    clockDueAt: due,
    firedAt: new Date().toISOString(),
    late: false,
    vip: false,
    specialNeeds: [],
  };
}

/** A visit as the real server pushes it, with made-up values of the same length; `at` is its arrival. */
function visitLike(room: string, at: number) {
  const iso = new Date(at).toISOString();
  const due = new Date(at + 300_000).toISOString();
  return {
    id: '5f0c6a2e-9d1b-4c4e-8f7a-3b2d1e0f9a8c',
    branch: room,
    ticket: 'B001',
    line: 'life',
    vip: false,
    memberNo: null,
    vipIdentifiedAt: null,
    specialNeeds: [],
    arrivedAt: iso,
    greetedAt: null,
    greetedBy: null,
    owner: null,
    counter: null,
    calledAt: null,
    startedAt: null,
    endedAt: null,
    state: 'waiting',
    imported: false,
    rules: [
      {
        id: 'reception',
        startedAt: iso,
        dueAt: due,
        stoppedAt: null,
        stoppedBy: null,
        outcome: 'running',
        targetSeconds: 300,
        warnAt: [0.8],
      },
    ],
  };
}

serve(async (m: { type: string; plan?: { room: string; dueAt: number }[]; room?: string }) => {
  if (m.type === 'push') {
    // The fan-out floor: one visit-sized broadcast to a room, now.
    io.to(m.room!).emit('visit', visitLike(m.room!, Date.now()));
    return {};
  }
  if (m.type === 'listen') {
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
  }
  if (m.type === 'plan') {
    for (const { room, dueAt } of m.plan!) {
      setTimeout(() => io.to(room).emit('alert', alertLike(room, dueAt)), dueAt - Date.now());
    }
    return { planned: m.plan!.length };
  }
  throw new Error(`unknown message ${m.type}`);
});
