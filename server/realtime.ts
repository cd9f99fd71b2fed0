/** Socket.IO shell: who may listen, what they get on connect, and the pushes after it. */
import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions } from 'socket.io';
import type { Auth, Principal } from './auth.ts';
import type { Hall } from './hall.ts';
import type { LiveCache } from './live-cache.ts';
import { rooms, type ClientToServerEvents, type DutyBoard, type ServerToClientEvents, type Snapshot } from '../shared/socket.ts';
import type { Alert, KioskRefusal, Visit, VisitEvent } from '../shared/types.ts';
import { toVisit, type VisitFold } from '../shared/visit.ts';

type SocketData = { principal: Principal };
/** Between server processes (through Redis): a visit changed in the sender's process. */
interface InterServerEvents {
  'visit-changed': (change: { visitId: string; history: VisitEvent[] }) => void;
  /** An alert or duty board this process pushed: the others keep it for their snapshots. */
  'alert-pushed': (alert: Alert) => void;
  'duty-pushed': (board: DutyBoard) => void;
  /** A process gave a branch up for another to take (a fairer share). */
  'branch-handed-over': (branch: string) => void;
}
export type YingbinIO = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** A room per principal, so a revoked device is dropped on whichever process it is connected to. */
const principalRoom = (id: string) => `principal:${id}`;

/** The wall hangs where customers can see it: ticket numbers, never member numbers. */
export function forWall(v: Visit): Visit {
  return { ...v, memberNo: null };
}

export class Realtime {
  readonly io: YingbinIO;
  /** Several processes (Redis): pushes are also announced to the others' caches. */
  clustered = false;

  constructor(
    http: HttpServer,
    private readonly auth: Auth,
    private readonly hall: Hall,
    private readonly live: LiveCache,
    adapter?: ServerOptions['adapter'],
  ) {
    this.io = new Server(http, { serveClient: false, cors: { origin: false }, ...(adapter ? { adapter } : {}) });
    this.io.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown }).token;
      this.auth.resolve(typeof token === 'string' ? token : undefined).then((principal) => {
        if (!principal) return next(new Error('unauthorized'));
        if (principal.kind === 'device' && principal.role === 'kiosk') return next(new Error('forbidden'));
        socket.data.principal = principal;
        next();
      }, next);
    });
    this.io.on('connection', (socket) => {
      const p = socket.data.principal;
      const wall = p.kind === 'device';
      // The snapshot is built from memory in the same turn as the socket joins its rooms: every push
      // after it reaches the screen, none before it is missing from it.
      void socket.join([wall ? rooms.wall(p.branch) : rooms.staff(p.branch), principalRoom(p.id)]);
      socket.emit('snapshot', this.snapshot(p.branch, wall));
      // A branch added to the configuration while running has no board in memory yet: read it once.
      if (!this.live.duty(p.branch)) {
        void this.live.load([p.branch]).then(() => {
          const board = this.live.duty(p.branch);
          if (board) socket.emit('duty', board);
        }, () => undefined);
      }
      socket.on('time', (reply) => typeof reply === 'function' && reply(Date.now()));
      socket.on('resync', (reply) => typeof reply === 'function' && reply(this.snapshot(p.branch, wall)));
    });
    hall.onChange((fold) => this.pushVisit(fold));
  }

  snapshot(branch: string, wall: boolean): Snapshot {
    const visits = this.hall.openVisits(branch);
    const duty = this.live.duty(branch);
    return {
      serverTime: new Date().toISOString(),
      branch,
      visits: wall ? visits.map(forWall) : visits,
      alerts: this.live.openAlerts(branch),
      recentAlerts: this.live.recentAlerts(branch),
      ...(duty ? { duty } : {}),
    };
  }

  /** Who is on duty goes to staff and wall alike: the wall shows it against customers waiting. */
  pushDuty(board: DutyBoard): void {
    this.live.applyDuty(board);
    this.io.to([rooms.staff(board.branch), rooms.wall(board.branch)]).emit('duty', board);
    if (this.clustered) this.io.serverSideEmit('duty-pushed', board);
  }

  pushVisit(fold: VisitFold): void {
    const v = toVisit(fold, Date.now());
    this.io.to(rooms.staff(v.branch)).emit('visit', v);
    this.io.to(rooms.wall(v.branch)).emit('visit', forWall(v));
  }

  /** A kiosk's refused offline check-in: staff must find the customer (the wall has no part in it). */
  pushKioskRefusal(r: KioskRefusal): void {
    this.io.to(rooms.staff(r.branch)).emit('kiosk-refusal', r);
  }

  pushAlert(a: Alert): void {
    this.live.applyAlert(a);
    this.io.to([rooms.staff(a.branch), rooms.wall(a.branch)]).emit('alert', a);
    if (this.clustered) this.io.serverSideEmit('alert-pushed', a);
  }

  /** Drops the live connections of a revoked device at once. */
  disconnect(principalId: string): void {
    this.io.in(principalRoom(principalId)).disconnectSockets(true);
  }

  close(): Promise<void> {
    return new Promise((resolve) => void this.io.close(() => resolve()));
  }
}
