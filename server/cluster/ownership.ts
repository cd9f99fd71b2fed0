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
  if (owner === self || node !== nodeName() || !Number.isInteger(pid) || pid <= 0) return false;
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

/** The database's clock in epoch ms: every process reads the same one, whatever its own clock says. */
const DB_NOW = '(extract(epoch from clock_timestamp()) * 1000)::bigint';

/**
 * Branch leases in PostgreSQL, timed by the database's clock so processes on several machines agree.
 * Each process takes a fair share (branches ÷ live processes, rounded up) and hands extras over when
 * another process starts, so the clocks' work spreads too.
 */
export class LeaseOwner implements Ownership {
  readonly id = processId();
  /** Branch → when (this process's clock) the lease it holds runs out. */
  private readonly held = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private events: OwnershipEvents | undefined;
  private ticking: Promise<void> = Promise.resolve();
  /** Branches found free (beyond this process's share) last round. */
  private readonly freeLastRound = new Set<string>();

  constructor(
    private readonly sql: Sql,
    private readonly branches: () => string[],
    private readonly leaseMs: number,
    /** The app's clock: how long this process may still act on a lease it holds (the rows use the database's). */
    private readonly now: () => number,
  ) {}

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
    this.timer = setInterval(
      () => {
        this.ticking = this.ticking.then(() => this.tick());
      },
      Math.max(100, Math.floor(this.leaseMs / 3)),
    );
  }

  /** Renews what it holds, takes what has lapsed, and lets go of what it lost. */
  private async tick(): Promise<void> {
    await this.renew();
    await this.events
      ?.round?.()
      .catch((err: unknown) => logger.warn({ err }, 'catching up with the shared log failed'));
  }

  private async renew(): Promise<void> {
    const branches = this.branches();
    let share = branches.length;
    try {
      share = Math.ceil(branches.length / (await this.heartbeat()));
    } catch (err) {
      logger.warn({ err }, 'cluster heartbeat failed');
    }
    // What it holds first (renewing comes before taking), then the rest in a fixed order.
    const order = [...branches].sort(
      (a, b) => Number(this.held.has(b)) - Number(this.held.has(a)) || a.localeCompare(b),
    );
    for (const branch of order) {
      // A fair share each; a branch left free for a whole round is taken by anyone, so none is orphaned.
      if (!this.held.has(branch) && this.owned().length >= share && !this.freeLastRound.has(branch)) {
        this.freeLastRound.add(branch);
        continue;
      }
      const asked = this.now();
      let mine: boolean;
      try {
        mine = await this.acquire(branch);
      } catch (err) {
        // The database is unreachable: keep the branch until the lease would run out, no longer.
        logger.warn({ err, branch }, 'branch lease could not be renewed');
        if (this.held.has(branch) && !this.owns(branch)) this.lose(branch);
        continue;
      }
      this.freeLastRound.delete(branch);
      const had = this.owns(branch);
      if (mine) {
        this.held.set(branch, asked + this.leaseMs);
        if (!had) {
          logger.info({ branch, owner: this.id }, 'branch taken on: planning its clocks here');
          await this.events?.gained(branch);
        }
      } else if (this.held.has(branch)) {
        this.lose(branch);
      }
    }
    // More than a fair share (another process has started): hand the extra branches over.
    for (const branch of this.owned().slice(share)) await this.handOver(branch);
  }

  /**
   * Says this process is alive and counts the live ones (seen within ⅔ of a lease: a dead process drops
   * out before its leases lapse, so its branches find takers).
   */
  private async heartbeat(): Promise<number> {
    await this.sql.run(
      `INSERT INTO cluster_processes (id, seen_at) VALUES (?, ${DB_NOW})
       ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at`,
      [this.id],
    );
    // Processes gone for an hour are forgotten (each start is a new id).
    await this.sql.run(`DELETE FROM cluster_processes WHERE seen_at < ${DB_NOW} - 3600000`);
    const rows = await this.sql.all<{ id: string }>(`SELECT id FROM cluster_processes WHERE seen_at > ${DB_NOW} - ?`, [
      Math.round((this.leaseMs * 2) / 3),
    ]);
    // A predecessor on this machine that died (a restart) no longer counts, though its beat is recent.
    return Math.max(1, rows.filter((r) => !deadHere(r.id, this.id)).length);
  }

  /** Gives a branch up on purpose: its timers stop here first, then the lease is freed and the others told. */
  private async handOver(branch: string): Promise<void> {
    this.held.delete(branch);
    this.events?.lost(branch);
    await this.sql.run('DELETE FROM branch_leases WHERE branch = ? AND owner = ?', [branch, this.id]);
    logger.info({ branch, owner: this.id }, 'branch handed over: more processes share the clocks now');
    this.onHandOver?.(branch);
  }

  /** Told when this process hands a branch over (to let the others know at once, through Redis). */
  onHandOver?: (branch: string) => void;

  /** Another process handed a branch over: look for it now rather than at the next round. */
  nudge(): void {
    this.ticking = this.ticking.then(() => this.tick());
  }

  private lose(branch: string): void {
    this.held.delete(branch);
    logger.warn({ branch, owner: this.id }, 'branch lease lost: another process plans its clocks');
    this.events?.lost(branch);
  }

  /** One conditional upsert: the lease is ours if it was ours already, or free, or lapsed. */
  private async acquire(branch: string): Promise<boolean> {
    if (await this.upsert(branch)) return true;
    // Held by a process of this machine that died: take it now, if it is still that one's.
    const row = await this.sql.get<{ owner: string }>('SELECT owner FROM branch_leases WHERE branch = ?', [branch]);
    if (!row || !deadHere(row.owner, this.id)) return false;
    const taken = await this.sql.run(
      `UPDATE branch_leases SET owner = ?, expires_at = ${DB_NOW} + ? WHERE branch = ? AND owner = ?`,
      [this.id, this.leaseMs, branch, row.owner],
    );
    return taken === 1;
  }

  private async upsert(branch: string): Promise<boolean> {
    const rows = await this.sql.all(
      `INSERT INTO branch_leases (branch, owner, expires_at)
       VALUES (?, ?, ${DB_NOW} + ?)
       ON CONFLICT (branch) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
       WHERE branch_leases.owner = excluded.owner
          OR branch_leases.expires_at < ${DB_NOW}
       RETURNING owner`,
      [branch, this.id, this.leaseMs],
    );
    return rows.length === 1;
  }

  /** Hands the branches back at once (a clean stop), so another process need not wait out the lease. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    // A round stuck on an unreachable database must not hold the stop up.
    await Promise.race([this.ticking, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    const branches = [...this.held.keys()];
    this.held.clear();
    if (branches.length > 0) await this.sql.run('DELETE FROM branch_leases WHERE owner = ?', [this.id]).catch(() => 0);
    await this.sql.run('DELETE FROM cluster_processes WHERE id = ?', [this.id]).catch(() => 0);
  }
}
