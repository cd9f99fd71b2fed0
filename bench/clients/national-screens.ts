/**
 * A child process holding the live screens of a share of the national day's halls: each hall's wall and its
 * two tablets (the greeter's and the VIP host's sessions), real socket.io-client connections through the
 * proxy from the hall's own loopback address (an http.Agent with `localAddress`), reconnecting as the pages
 * do when their process dies. Each wall keeps every warning and breach it learns — pushed (with when it
 * arrived) or found in a snapshot after a reconnect (open or recent alerts) — so the parent can count what is
 * missing, doubled or late; every screen counts what reached it for another branch.
 */
import http from 'node:http';
import { io, type Socket } from 'socket.io-client';
import { serve } from '../lib/child.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/socket.ts';
import type { Alert } from '../../shared/types.ts';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ScreenHall {
  id: string;
  address: string;
  wallToken: string;
  /** Staff session tokens for the tablets; none when this share holds walls only. */
  tablets: string[];
}

/** Per wall: pushed alerts (id, due, received, late) and ids seen in snapshots after the first. */
export interface WallLog {
  hall: string;
  pushed: { id: string; dueAt: number; at: number; late: boolean }[];
  inSnapshots: { id: string; at: number }[];
  snapshots: number;
  disconnects: number;
}

export interface ScreensReport {
  walls: WallLog[];
  /** Alerts or visits that reached a screen of another branch: "screen's hall ← alert's branch". */
  wrongBranch: string[];
  connected: number;
  screens: number;
}

let url = '';
const sockets: LiveSocket[] = [];
const walls = new Map<string, WallLog>();
const wrongBranch: string[] = [];

const counted = (a: Alert) => a.kind === 'warning' || a.kind === 'breach';

function open(hall: ScreenHall, token: string, agent: http.Agent, wall: WallLog | undefined): Promise<void> {
  const socket: LiveSocket = io(url, {
    auth: { token },
    transports: ['websocket'],
    forceNew: true,
    agent: agent as unknown as string, // engine.io-client passes it on to ws; typed as string | boolean there
    localAddress: hall.address,
    timeout: 60_000,
  } as Parameters<typeof io>[1]);
  sockets.push(socket);
  let first = true;
  socket.on('alert', (a) => {
    if (a.branch !== hall.id) wrongBranch.push(`${hall.id} ← alert ${a.id} of ${a.branch}`);
    if (wall && counted(a)) wall.pushed.push({ id: a.id, dueAt: Date.parse(a.dueAt), at: Date.now(), late: a.late });
  });
  socket.on('visit', (v) => {
    if (v.branch !== hall.id) wrongBranch.push(`${hall.id} ← visit ${v.id} of ${v.branch}`);
  });
  socket.on('disconnect', () => wall && wall.disconnects++);
  return new Promise((resolve, reject) => {
    socket.on('snapshot', (s) => {
      if (s.branch !== hall.id) wrongBranch.push(`${hall.id} ← snapshot of ${s.branch}`);
      if (wall) {
        wall.snapshots++;
        // The first snapshot is taken before the day: whatever a later one holds, the wall learned there.
        if (!first)
          for (const a of [...s.alerts, ...(s.recentAlerts ?? [])])
            if (counted(a)) wall.inSnapshots.push({ id: a.id, at: Date.now() });
      }
      if (first) {
        first = false;
        resolve();
      }
    });
    socket.once('connect_error', (e) => {
      if (first) reject(new Error(`screen of ${hall.id}: ${e.message}`));
    });
  });
}

serve(async (m: { type: string; url?: string; halls?: ScreenHall[] }) => {
  switch (m.type) {
    case 'connect': {
      url = m.url!;
      const jobs: (() => Promise<void>)[] = [];
      for (const h of m.halls!) {
        const agent = new http.Agent({ keepAlive: true, localAddress: h.address });
        const wall: WallLog = { hall: h.id, pushed: [], inSnapshots: [], snapshots: 0, disconnects: 0 };
        walls.set(h.id, wall);
        jobs.push(() => open(h, h.wallToken, agent, wall));
        for (const t of h.tablets) jobs.push(() => open(h, t, agent, undefined));
      }
      // A few hundred handshakes at once would only queue in the accept backlogs.
      for (let i = 0; i < jobs.length; i += 50) await Promise.all(jobs.slice(i, i + 50).map((j) => j()));
      return { screens: sockets.length };
    }
    case 'collect': {
      const out: ScreensReport = {
        walls: [...walls.values()],
        wrongBranch,
        connected: sockets.filter((s) => s.connected).length,
        screens: sockets.length,
      };
      return out;
    }
    case 'disconnect':
      for (const s of sockets.splice(0)) s.close();
      return {};
    default:
      throw new Error(`unknown message ${m.type}`);
  }
});
