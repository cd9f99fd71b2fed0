/** Socket.IO shell: who may listen, what they get on connect, and the pushes after it. */
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { Auth, Principal } from './auth.ts';
import type { Hall } from './hall.ts';
import type { AlertStore } from './store/alerts.ts';
import { rooms, type ClientToServerEvents, type DutyBoard, type ServerToClientEvents, type Snapshot } from '../shared/socket.ts';
import type { Alert, Visit } from '../shared/types.ts';
import { toVisit, type VisitFold } from '../shared/visit.ts';

type SocketData = { principal: Principal };
export type YingbinIO = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** The wall hangs where customers can see it: ticket numbers, never member numbers. */
export function forWall(v: Visit): Visit {
  return { ...v, memberNo: null };
}

export class Realtime {
  readonly io: YingbinIO;
  /** The branch's duty board for snapshots (set by the app once duty tracking is wired). */
  dutyOf?: (branch: string) => DutyBoard;

  constructor(
    http: HttpServer,
    private readonly auth: Auth,
    private readonly hall: Hall,
    private readonly alerts: AlertStore,
  ) {
    this.io = new Server(http, { serveClient: false, cors: { origin: false } });
    this.io.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown }).token;
      const principal = this.auth.resolve(typeof token === 'string' ? token : undefined);
      if (!principal) return next(new Error('unauthorized'));
      if (principal.kind === 'device' && principal.role === 'kiosk') return next(new Error('forbidden'));
      socket.data.principal = principal;
      next();
    });
    this.io.on('connection', (socket) => {
      const p = socket.data.principal;
      const wall = p.kind === 'device';
      void socket.join(wall ? rooms.wall(p.branch) : rooms.staff(p.branch));
      socket.emit('snapshot', this.snapshot(p.branch, wall));
      socket.on('time', (reply) => typeof reply === 'function' && reply(Date.now()));
      socket.on('resync', (reply) => typeof reply === 'function' && reply(this.snapshot(p.branch, wall)));
    });
    hall.onChange((fold) => this.pushVisit(fold));
  }

  snapshot(branch: string, wall: boolean): Snapshot {
    const visits = this.hall.openVisits(branch);
    return {
      serverTime: new Date().toISOString(),
      branch,
      visits: wall ? visits.map(forWall) : visits,
      alerts: this.alerts.open(branch),
      ...(this.dutyOf ? { duty: this.dutyOf(branch) } : {}),
    };
  }

  /** Who is on duty goes to staff and wall alike: the wall shows it against customers waiting. */
  pushDuty(board: DutyBoard): void {
    this.io.to([rooms.staff(board.branch), rooms.wall(board.branch)]).emit('duty', board);
  }

  pushVisit(fold: VisitFold): void {
    const v = toVisit(fold, Date.now());
    this.io.to(rooms.staff(v.branch)).emit('visit', v);
    this.io.to(rooms.wall(v.branch)).emit('visit', forWall(v));
  }

  pushAlert(a: Alert): void {
    this.io.to([rooms.staff(a.branch), rooms.wall(a.branch)]).emit('alert', a);
  }

  /** Drops the live connections of a revoked device at once. */
  disconnect(principalId: string): void {
    for (const socket of this.io.sockets.sockets.values()) {
      if (socket.data.principal?.id === principalId) socket.disconnect(true);
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => void this.io.close(() => resolve()));
  }
}
