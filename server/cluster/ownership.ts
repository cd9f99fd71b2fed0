/**
 * Which branches' clocks this process plans. On a SQLite file the one process owns every branch. On
 * PostgreSQL each branch has a lease row (owner, expires at): its owner renews it every third of the
 * lease time; when the owner dies the lease lapses and the first process to ask takes the branch over
 * (and replans it from the log). Firing stays safe even while two processes believe they own a branch:
 * alerts are claimed in the store, once (AlertStore.claim).
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Sql } from '../store/sql.ts';
import { LeaseRows } from './lease-rows.ts';
import { logger } from '../logger.ts';

export interface OwnershipEvents {
  /** This process now plans the branch: load and plan it. */
  gained(branch: string): Promise<void>;
  /** It no longer does: stop its timers. */
  lost(branch: string): void;
  /** Once per lease round (several processes only): catch up on what other processes changed. */
  round?(): Promise<void>;
}

export interface Ownership {
  /** Who this process is, in lease rows and health answers. */
  readonly id: string;
  owns(branch: string): boolean;
  owned(): string[];
  start(events: OwnershipEvents): Promise<void>;
  stop(): Promise<void>;
}

/** Where a process runs: the host name, or YINGBIN_NODE_NAME (one name per machine or container). */
const nodeName = (): string => (process.env.YINGBIN_NODE_NAME || hostname()).replaceAll(':', '_');

const processId = (): string => `${nodeName()}:${process.pid}:${randomBytes(3).toString('hex')}`;

/**
 * Is the owner named in a lease a process of this machine that no longer runs? Then its lease need not be
 * waited out (a restart after a crash takes its branches back at once). Another machine's process, or a
 * live one, or one we cannot tell: no.
 */
function deadHere(owner: string, self: string): boolean {
  const [node, pidText] = owner.split(':');
  const pid = Number(pidText);
  // This machine is the one named in our own id (taken at start), so a test may run two "machines" in one.
  if (owner === self || node !== self.split(':')[0] || !Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true; // our own pid under another name: an earlier run of this container
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** The single process on a SQLite file: every branch, always. */
export class SoleOwner implements Ownership {
  readonly id = processId();
  constructor(private readonly branches: () => string[]) {}
  owns(): boolean {
    return true;
  }
  owned(): string[] {
    return this.branches();
  }
  async start(events: OwnershipEvents): Promise<void> {
    for (const b of this.branches()) await events.gained(b);
  }
  async stop(): Promise<void> {}
}

/**
 * Branch leases in PostgreSQL, timed by the database's clock so processes on several machines agree.
 * Each process takes a fair share (branches ÷ live processes, rounded up) and hands extras over when
 * another process starts, so the clocks' work spreads too.
 *
 * A round costs the same few statements whatever the number of branches (server/cluster/lease-rows.ts): a
 * heartbeat that also counts the live processes, one renewal of everything this process holds, one look for
 * free leases that takes its share of them, and a hand-over only when there is one.
 */
export class LeaseOwner implements Ownership {
  readonly id = processId();
  /** Branch → when (this process's clock) the lease it holds runs out. */
  private readonly held = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private events: OwnershipEvents | undefined;
  private ticking: Promise<void> = Promise.resolve();
  /** Branches found free (beyond this process's share) last round. */
  private freeLastRound = new Set<string>();
  /** The branch list the lease rows were last made for. */
  private rowsFor = '';
  private readonly rows: LeaseRows;

  constructor(
    sql: Sql,
    private readonly branches: () => string[],
    private readonly leaseMs: number,
    /** The app's clock: how long this process may still act on a lease it holds (the rows use the database's). */
    private readonly now: () => number,
  ) {
    this.rows = new LeaseRows(sql, this.id, leaseMs);
  }

  /** Told after each round (renewal and catch-up) with its duration in seconds: GET /metrics. */
  onRound?: (seconds: number) => void;

  owns(branch: string): boolean {
    const until = this.held.get(branch);
    return until !== undefined && this.now() < until;
  }

  owned(): string[] {
    return [...this.held.keys()].filter((b) => this.owns(b)).sort();
  }

  async start(events: OwnershipEvents): Promise<void> {
    this.events = events;
    await this.tick();
    this.timer = setInterval(() => this.askRound(), Math.max(100, Math.floor(this.leaseMs / 3)));
  }

  /** A round asked for and not started yet. */
  private queued = false;

  /**
   * Queues a round, unless one is queued and not started: that one starts after this ask, so it serves it
   * too. Without this, a hand-over of 300 branches (one nudge each) or a slow database queued hundreds of
   * rounds back to back (measured: ~1,000 rounds a minute over three idle processes instead of 54).
   */
  private askRound(): void {
    if (this.queued) return;
    this.queued = true;
    this.ticking = this.ticking.then(() => {
      this.queued = false;
      return this.tick();
    });
  }

  /** Renews what it holds, takes what has lapsed, and lets go of what it lost. */
  private async tick(): Promise<void> {
    const started = performance.now();
    await this.renew();
    await this.events
      ?.round?.()
      .catch((err: unknown) => logger.warn({ err }, 'catching up with the shared log failed'));
    this.onRound?.((performance.now() - started) / 1000);
  }

  private async renew(): Promise<void> {
    const branches = this.branches();
    let share = branches.length;
    let dead: string[] = [];
    await this.makeRows(branches).catch((err: unknown) => logger.warn({ err }, 'branch lease rows could not be made'));
    try {
      ({ share, dead } = await this.heartbeat(branches.length));
    } catch (err) {
      logger.warn({ err }, 'cluster heartbeat failed');
    }
    const asked = this.now();
    let renewed: string[];
    try {
      renewed = await this.rows.renew();
    } catch (err) {
      // The database is unreachable: keep each branch until its lease would run out, no longer.
      logger.warn({ err }, 'branch leases could not be renewed');
      for (const branch of [...this.held.keys()]) if (!this.owns(branch)) this.lose(branch);
      return;
    }
    const kept = new Set(renewed);
    for (const branch of [...this.held.keys()]) if (!kept.has(branch)) this.lose(branch);
    await this.hold(renewed, asked);

    // What is free: a fair share each; a branch left free for a whole round is taken by anyone, so none is
    // orphaned.
    const need = Math.max(0, share - this.owned().length);
    let free: { branch: string; taken: boolean }[] = [];
    const takenAt = this.now();
    try {
      free = await this.takeFree(branches, need, dead);
    } catch (err) {
      logger.warn({ err }, 'free branch leases could not be looked for');
    }
    this.freeLastRound = new Set(free.filter((f) => !f.taken).map((f) => f.branch));
    await this.hold(
      free
        .filter((f) => f.taken)
        .map((f) => f.branch)
        .sort(),
      takenAt,
    );

    // More than a fair share (another process has started), or a branch no longer configured: hand over.
    const configured = new Set(branches);
    const owned = this.owned();
    const extra = [...owned.filter((b) => !configured.has(b)), ...owned.filter((b) => configured.has(b)).slice(share)];
    if (extra.length > 0) await this.handOver(extra);
  }

  /** Notes leases as held from `asked` on; a branch not planned here yet is taken on. */
  private async hold(branches: string[], asked: number): Promise<void> {
    // When the leases being held were last renewed (all of them: the rows are this process's already).
    let renewedAt = asked;
    let triedAt = asked;
    for (const branch of branches) {
      const had = this.owns(branch);
      this.held.set(branch, renewedAt + this.leaseMs);
      if (had) continue;
      logger.info({ branch, owner: this.id }, 'branch taken on: planning its clocks here');
      await this.events?.gained(branch);
      // Planning many branches (a takeover of hundreds) can outlast a lease: renew on the way, or the first
      // ones would lapse before they were all planned — and be taken on again, here or elsewhere.
      if (this.now() - triedAt > this.leaseMs / 3) {
        triedAt = this.now();
        const renewed = await this.rows.renew().catch(() => undefined);
        if (renewed === undefined) continue;
        renewedAt = triedAt;
        for (const b of renewed) if (this.held.has(b)) this.held.set(b, renewedAt + this.leaseMs);
      }
    }
  }

  /**
   * A row for each configured branch, free and lapsed if new: when the branch list is new to this process,
   * and again whenever the last look found rows missing (an older version deleted them on hand-over).
   */
  private async makeRows(branches: string[]): Promise<void> {
    const list = JSON.stringify([...branches].sort());
    if (list === this.rowsFor) return;
    await this.rows.make(branches);
    this.rowsFor = list;
  }

  /**
   * Says this process is alive and counts the live ones (seen within ⅔ of a lease: a dead process drops
   * out before its leases lapse, so its branches find takers), in one statement. Also names the processes
   * of this machine that died (their leases need not be waited out) and forgets those gone for an hour.
   */
  private async heartbeat(branchCount: number): Promise<{ share: number; dead: string[] }> {
    const rows = await this.rows.heartbeat(Math.round((this.leaseMs * 2) / 3));
    // A predecessor on this machine that died (a restart) no longer counts, though its beat is recent.
    const dead = rows.filter((r) => deadHere(r.id, this.id)).map((r) => r.id);
    const live = rows.filter((r) => r.live && !dead.includes(r.id)).length;
    return { share: Math.ceil(branchCount / Math.max(1, live)), dead };
  }

  /** Takes its share of the free leases, and any that stayed free a whole round; answers what it found. */
  private async takeFree(
    branches: string[],
    need: number,
    dead: string[],
  ): Promise<{ branch: string; taken: boolean }[]> {
    const rows = await this.rows.takeFree(branches, need, dead, [...this.freeLastRound]);
    // Rows gone (an older version deletes them on hand-over): made again at the next round.
    if (rows.some((r) => r.state === 'missing')) this.rowsFor = '';
    return rows.filter((r) => r.state !== 'missing').map((r) => ({ branch: r.branch, taken: r.state === 'taken' }));
  }

  /** Gives branches up on purpose: their timers stop here first, then the leases are freed and the others told. */
  private async handOver(branches: string[]): Promise<void> {
    for (const branch of branches) {
      this.held.delete(branch);
      this.events?.lost(branch);
    }
    await this.rows.release(branches);
    logger.info({ branches, owner: this.id }, 'branches handed over: more processes share the clocks now');
    this.onHandOver?.(branches);
  }

  /** Told when this process hands branches over (to let the others know at once, through Redis). */
  onHandOver?: (branches: string[]) => void;

  /** Another process handed branches over: look for them now rather than at the next round. */
  nudge(): void {
    this.askRound();
  }

  private lose(branch: string): void {
    this.held.delete(branch);
    logger.warn({ branch, owner: this.id }, 'branch lease lost: another process plans its clocks');
    this.events?.lost(branch);
  }

  /** Hands the branches back at once (a clean stop), so another process need not wait out the lease. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    // A round stuck on an unreachable database must not hold the stop up.
    await Promise.race([this.ticking, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    const branches = [...this.held.keys()];
    this.held.clear();
    if (branches.length > 0) await this.rows.release().catch(() => undefined);
    await this.rows.leave().catch(() => undefined);
  }
}
