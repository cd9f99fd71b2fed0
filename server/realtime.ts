/** Socket.IO shell: who may listen, what they get on connect, and the pushes after it. */
import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import type { Auth, Principal } from './auth.ts';
import type { Hall } from './hall.ts';
import type { LiveCache } from './live-cache.ts';
import {
  rooms,
  type ClientToServerEvents,
  type DutyBoard,
  type ServerToClientEvents,
  type Snapshot,
} from '../shared/socket.ts';
import type { RegionBranch, RegionOverview } from '../shared/region.ts';
import type { Alert, KioskRefusal, Visit, VisitEvent } from '../shared/types.ts';
import { toVisit, type VisitFold } from '../shared/visit.ts';
import { forEveryone } from './complaint.ts';
import { logger } from './logger.ts';

type SocketData = { principal: Principal; region?: string };

/** Who may watch a region's wall (server/routes/region.ts); null: allowed, else the refusal's code. */
export type RegionGate = (p: Principal, region: string) => string | null;
/** Between server processes (through Redis): a visit changed in the sender's process. */
interface InterServerEvents {
  'visit-changed': (change: { visitId: string; branch: string; history: VisitEvent[] }) => void;
  /** An alert or duty board this process pushed: the others keep it for their snapshots. */
  'alert-pushed': (alert: Alert) => void;
  'duty-pushed': (board: DutyBoard) => void;
  /** A process gave branches up for another to take (a fairer share); an earlier release sent one branch. */
  'branch-handed-over': (branches: string[] | string) => void;
}
export type YingbinIO = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type YingbinSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/**
 * A room per device and per staff session, so a revoked device or a signed-out session is dropped on
 * whichever process it is connected to. Named by kind: a device made with a staff member's id must never
 * share a room with that staff member (nor be a way to disconnect them).
 */
const own = {
  device: (id: string) => `device:${id}`,
  session: (hash: string) => `session:${hash}`,
  /** A branch's managers: they alone get a complaint's comment and the colleague it names. */
  managers: (branch: string) => `branch:${branch}:managers`,
};

/** How often one connection may ask for a fresh snapshot (each is built for it alone). */
const RESYNC_EVERY_MS = 2000;
/** The longest timer Node keeps (about 24.8 days); a longer session is checked again at each resync. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Does the principal a token resolves to now still stand for the connection made with it? */
function same(a: Principal, b: Principal | null): boolean {
  if (!b || a.kind !== b.kind || a.id !== b.id || a.branch !== b.branch) return false;
  return a.kind === 'staff' || (b.kind === 'device' && a.role === b.role);
}

/** The wall hangs where customers can see it: ticket numbers, never member numbers. */
function forWall(v: Visit): Visit {
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
    adapter: ServerOptions['adapter'] | undefined,
    /** The app's clock, as everywhere else: sessions end, resyncs are spaced and screens set their clocks by it. */
    private readonly now: () => number,
    /** The regional wall: who may watch a region, and its standings on connect. */
    private readonly regions?: { gate: RegionGate; overview: (region: string) => Promise<RegionOverview | null> },
  ) {
    this.io = new Server(http, { serveClient: false, cors: { origin: false }, ...(adapter ? { adapter } : {}) });
    this.io.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown }).token;
      this.auth.resolve(typeof token === 'string' ? token : undefined).then((principal) => {
        if (!principal) return next(new Error('unauthorized'));
        if (principal.kind === 'device' && principal.role === 'kiosk') return next(new Error('forbidden'));
        const region = (socket.handshake.auth as { region?: unknown }).region;
        if (region !== undefined) {
          const refusal =
            typeof region === 'string' && this.regions ? this.regions.gate(principal, region) : 'forbidden';
          if (refusal) return next(new Error(refusal));
          socket.data.region = region as string;
        }
        socket.data.principal = principal;
        next();
      }, next);
    });
    this.io.on('connection', (socket) => {
      const p = socket.data.principal;
      const region = socket.data.region;
      if (region !== undefined) return this.watchRegion(socket, region);
      const wall = p.kind === 'device';
      const mine = p.kind === 'staff' ? own.session(p.session) : own.device(p.id);
      const manager = p.kind === 'staff' && p.roles.includes('manager');
      // A cluster process keeps only the branches it follows: the branch's open visits are read before the
      // snapshot (at once when everything is kept). The screen may ask the time meanwhile; a resync waits.
      const followed = this.hall.follow(p.branch);
      followed.then(
        () => {
          if (!socket.connected) return;
          // The snapshot is built from memory in the same turn as the socket joins its rooms: every push
          // after it reaches the screen, none before it is missing from it.
          void socket.join([
            wall ? rooms.wall(p.branch) : rooms.staff(p.branch),
            mine,
            ...(manager ? [own.managers(p.branch)] : []),
          ]);
          socket.emit('snapshot', this.snapshot(p.branch, wall, manager));
          this.sendDutyIfMissing(socket, p.branch);
        },
        (err: unknown) => {
          logger.error({ err, branch: p.branch }, 'the branch of a connecting screen could not be read');
          socket.disconnect(true);
        },
      );
      // A session ends at its expiry whether or not the screen asks anything then.
      if (p.kind === 'staff' && p.expiresAt - this.now() < MAX_TIMER_MS) {
        const expiry = setTimeout(() => socket.disconnect(true), Math.max(0, p.expiresAt - this.now()));
        socket.once('disconnect', () => clearTimeout(expiry));
      }
      socket.on('time', (reply) => typeof reply === 'function' && reply(this.now()));
      let lastResync = 0;
      socket.on('resync', (reply) => {
        if (typeof reply !== 'function') return;
        const wait = lastResync + RESYNC_EVERY_MS - this.now();
        if (wait > 0) {
          return reply({
            error: {
              code: 'rate-limited',
              message: `at most one resync every ${RESYNC_EVERY_MS / 1000} s; try again in ${wait} ms`,
              retryAfterMs: wait,
            },
          });
        }
        lastResync = this.now();
        Promise.all([this.stillAllowed(socket), followed]).then(
          ([allowed]) => {
            if (allowed) return reply(this.snapshot(p.branch, wall, manager));
            reply({ error: { code: 'unauthorized', message: 'this sign-in or device token is no longer valid' } });
            socket.disconnect(true);
          },
          // The store is out of reach: the connection stands as it did a moment ago (pushes go on too).
          () => reply(this.snapshot(p.branch, wall, manager)),
        );
      });
    });
  }

  /** A branch added to the configuration while running has no board in memory yet: read it once. */
  private sendDutyIfMissing(socket: YingbinSocket, branch: string): void {
    if (this.live.duty(branch)) return;
    void this.live.load([branch]).then(
      () => {
        const board = this.live.duty(branch);
        if (board) socket.emit('duty', board);
      },
      () => undefined,
    );
  }

  /** Does a screen of the branch hold a live connection to this process (so it follows the branch)? */
  serves(branch: string): boolean {
    const local = this.io.of('/').adapter.rooms;
    return (local.get(rooms.staff(branch))?.size ?? 0) > 0 || (local.get(rooms.wall(branch))?.size ?? 0) > 0;
  }

  /**
   * A regional wall's connection: the region's room only (standings, never a branch's visits), the
   * standings on connect, and the end of the sign-in's session as on a branch's screens.
   */
  private watchRegion(socket: YingbinSocket, region: string): void {
    const p = socket.data.principal;
    void socket.join([rooms.region(region), p.kind === 'staff' ? own.session(p.session) : own.device(p.id)]);
    void this.regions?.overview(region).then(
      (o) => o && socket.emit('region', o),
      () => undefined,
    );
    socket.on('time', (reply) => typeof reply === 'function' && reply(this.now()));
    if (p.kind === 'staff' && p.expiresAt - this.now() < MAX_TIMER_MS) {
      const expiry = setTimeout(() => socket.disconnect(true), Math.max(0, p.expiresAt - this.now()));
      socket.once('disconnect', () => clearTimeout(expiry));
    }
  }

  /** A branch's new standing, to the regional walls of every region holding it (on every process). */
  pushStanding(regions: string[], standing: RegionBranch): void {
    if (regions.length > 0) this.io.to(regions.map(rooms.region)).emit('region-branch', standing);
  }

  snapshot(branch: string, wall: boolean, manager = false): Snapshot {
    const visits = this.hall.openVisits(branch);
    const duty = this.live.duty(branch);
    const shown = (alerts: Alert[]) => (manager ? alerts : alerts.map(forEveryone));
    return {
      serverTime: new Date(this.now()).toISOString(),
      branch,
      visits: wall ? visits.map(forWall) : visits,
      alerts: shown(this.live.openAlerts(branch)),
      recentAlerts: shown(this.live.recentAlerts(branch)),
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
    const v = toVisit(fold, this.now());
    this.io.to(rooms.staff(v.branch)).emit('visit', v);
    this.io.to(rooms.wall(v.branch)).emit('visit', forWall(v));
  }

  /** A kiosk's refused offline check-in: staff must find the customer (the wall has no part in it). */
  pushKioskRefusal(r: KioskRefusal): void {
    this.io.to(rooms.staff(r.branch)).emit('kiosk-refusal', r);
  }

  pushAlert(a: Alert): void {
    this.live.applyAlert(a);
    if (a.complaint) {
      // A complaint's comment and the colleague it names go to the managers alone.
      this.io.to(own.managers(a.branch)).emit('alert', a);
      this.io
        .to([rooms.staff(a.branch), rooms.wall(a.branch)])
        .except(own.managers(a.branch))
        .emit('alert', forEveryone(a));
    } else this.io.to([rooms.staff(a.branch), rooms.wall(a.branch)]).emit('alert', a);
    if (this.clustered) this.io.serverSideEmit('alert-pushed', a);
  }

  /** Drops the live connections of a revoked device at once, on every process. */
  disconnectDevice(deviceId: string): void {
    this.io.in(own.device(deviceId)).disconnectSockets(true);
  }

  /** Drops the live connections of a session that ended (sign-out), on every process. */
  disconnectSession(sessionHash: string): void {
    this.io.in(own.session(sessionHash)).disconnectSockets(true);
  }

  /**
   * Checks every connection of this process against what its token means now (after the configuration
   * was read again: a staff member or device removed, moved to another branch, a token changed) and
   * drops those it no longer allows. Every process reads the file itself, so each checks its own.
   */
  async revalidate(): Promise<void> {
    const sockets = [...this.io.of('/').sockets.values()];
    await Promise.all(
      sockets.map(async (socket) => {
        if (!(await this.stillAllowed(socket))) socket.disconnect(true);
      }),
    );
  }

  private async stillAllowed(socket: { handshake: { auth: unknown }; data: Partial<SocketData> }): Promise<boolean> {
    const p = socket.data.principal;
    if (!p) return false;
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    return same(p, await this.auth.resolve(typeof token === 'string' ? token : undefined));
  }

  close(): Promise<void> {
    return new Promise((resolve) => void this.io.close(() => resolve()));
  }
}
