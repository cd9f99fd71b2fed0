/**
 * The open visits this process knows, folded, with the newest log entry of each: what the scheduler,
 * the close of day and the snapshots read. The hall records its own commits here; changes made by other
 * processes (cluster) are read from the log or taken from their announcement, then run through the
 * after-commit steps that follow every process (the clocks). Reads the log, never writes it.
 *
 * Which branches it keeps: on a SQLite file (or in a tool) every branch. In the cluster only the branches
 * it follows — those it owns (their clocks are planned here) and those it serves (a screen of the branch
 * connected here, or a request for it lately): a national group's thousand halls spread over a few
 * processes, and a hall this process has no business with should cost it nothing — no fold, no memory.
 */
import type { AfterCommit } from './after-commit.ts';
import type { EventLog } from './store/log.ts';
import { foldVisit, toVisit, type VisitFold } from '../shared/visit.ts';
import type { Visit, VisitEvent } from '../shared/types.ts';

export const maxSeq = (events: VisitEvent[]): number => events.reduce((max, e) => Math.max(max, e.seq), 0);

/**
 * A branch asked for by a request (no screen of it connected here, not owned) stays followed this long after
 * the last one. Behind the proxy's ip_hash a hall's devices all reach one process and ask often while the
 * hall is open (each check-in, the status page every second), so a hall in a lull keeps its cache instead of
 * reading it again at each request; a hall whose devices moved to another process (a failover) is let go
 * within minutes. Following again costs one indexed read of that branch's open visits.
 */
const FOLLOW_AFTER_REQUEST_MS = 5 * 60_000;

/**
 * Catch-up reads the log from where it stood this long ago, not from where it stood last round: a sequence
 * number is taken when a transaction inserts its event but becomes visible only at its commit, so a slower
 * transaction (a stalled database, a busy pool) can commit an event numbered below one already read. A
 * command's transaction lasts milliseconds; one later than this is still heard through its announcement, or
 * read afresh when its branch is next taken over or followed.
 */
const LATE_COMMIT_MS = 10_000;

const DONE: Promise<void> = Promise.resolve();

export class OpenVisits {
  private readonly open = new Map<string, VisitFold>();
  /** The newest log entry of each open visit this process knows (voided and corrections included). */
  private readonly seen = new Map<string, number>();
  /** The branches followed (cluster only): their first read, under way or done, and when last asked for. */
  private readonly followed = new Map<string, { loaded: Promise<void>; askedAt: number }>();
  /** The log's newest sequence number at each catch-up (oldest first): where the next one reads from. */
  private marks: { at: number; seq: number }[] = [];

  constructor(
    private readonly log: EventLog,
    private readonly afterCommit: AfterCommit,
    /** Keep every branch (one process on its file, a tool); otherwise only the branches followed. */
    private readonly everything = true,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.open.size;
  }

  get(visitId: string): VisitFold | undefined {
    return this.open.get(visitId);
  }

  /** Every open visit, or a branch's. */
  folds(branch?: string): VisitFold[] {
    const all = [...this.open.values()];
    return branch === undefined ? all : all.filter((f) => f.branch === branch);
  }

  /** A branch's open visits, refreshed to `now` (their outcomes move with time). */
  visits(branch: string, now: number): Visit[] {
    return this.folds(branch).map((f) => toVisit(f, now));
  }

  /** Does this process keep the branch's open visits (and fold its announced changes)? */
  follows(branch: string): boolean {
    return this.everything || this.followed.has(branch);
  }

  /** How many branches are followed (every configured one, when everything is kept: `null`). */
  followedCount(): number | null {
    return this.everything ? null : this.followed.size;
  }

  /**
   * Follows a branch before its open visits are read (a screen connects, a request asks): the first time,
   * its open visits are read from the log; the promise settles once they are here. Kept everything: no read.
   */
  follow(branch: string): Promise<void> {
    if (this.everything) return DONE;
    const f = this.followed.get(branch);
    if (!f) return this.startFollowing(branch, this.now());
    f.askedAt = this.now();
    return f.loaded;
  }

  /**
   * Lets go of the branches nobody here needs any more: not kept by `keep` (owned, a screen connected) and not
   * asked for within FOLLOW_AFTER_REQUEST_MS. Their visits are forgotten. Returns the branches let go.
   */
  sweep(keep: (branch: string) => boolean): string[] {
    const now = this.now();
    const gone: string[] = [];
    for (const [branch, f] of this.followed) {
      if (keep(branch) || now - f.askedAt <= FOLLOW_AFTER_REQUEST_MS) continue;
      this.unfollow(branch);
      gone.push(branch);
    }
    return gone;
  }

  /** The newest log entry of an open visit this process has seen (0: none). */
  seenSeq(visitId: string): number {
    return this.seen.get(visitId) ?? 0;
  }

  /** Keeps a visit as it stands after `seq`: open, or forgotten once it has ended. Unfollowed: not kept. */
  remember(fold: VisitFold, seq: number): void {
    if (fold.endedAt === null && this.follows(fold.branch)) {
      this.open.set(fold.id, fold);
      this.seen.set(fold.id, Math.max(seq, this.seen.get(fold.id) ?? 0));
    } else {
      this.open.delete(fold.id);
      this.seen.delete(fold.id);
    }
  }

  /**
   * Loads open visits from the log: a branch's when this process takes it over (it follows it from then
   * on), or every branch's (a tool that keeps everything).
   */
  async load(branch?: string): Promise<VisitFold[]> {
    if (branch === undefined) {
      const loaded: VisitFold[] = [];
      for (const events of (await this.log.openVisitEvents()).values()) {
        const fold = foldVisit(events);
        if (fold) {
          this.remember(fold, maxSeq(events));
          loaded.push(fold);
        }
      }
      return loaded;
    }
    const f = this.followed.get(branch);
    if (this.everything || f) {
      // Followed already: read again (a takeover must see what ended elsewhere meanwhile).
      const read = this.readBranch(branch);
      if (f) f.loaded = read.then(() => undefined);
      return read;
    }
    let loaded: VisitFold[] = [];
    await this.startFollowing(branch, 0, (folds) => (loaded = folds));
    return loaded;
  }

  /**
   * A visit changed in another process (cluster): reads it again from the log and runs the steps that
   * follow every process. Stale news — older than what is known — changes nothing.
   */
  async applyRemote(visitId: string): Promise<void> {
    await this.adopt(await this.log.eventsOf(visitId));
  }

  /**
   * Takes a visit's whole log as another process announced it (no read of the store), unless this
   * process knows a newer state of the visit already. A branch not followed here is passed over before
   * anything is folded: `false`.
   */
  async adopt(history: VisitEvent[]): Promise<boolean> {
    const branch = history[0]?.branch;
    if (branch === undefined || !this.follows(branch)) return false;
    const fold = foldVisit(history);
    if (!fold) return true;
    const known = this.seen.get(fold.id);
    const seq = maxSeq(history);
    if (known !== undefined && known >= seq) return true;
    if (known === undefined && fold.endedAt !== null) return true; // ended and never seen here: nothing to forget
    this.remember(fold, seq);
    await this.afterCommit.run({ fold, appended: [], history, remote: true, days: [] });
    return true;
  }

  /** Where catch-up starts: the log as it stands now (start-up; what is older is read as branches are followed). */
  async begin(): Promise<void> {
    this.marks = [{ at: this.now(), seq: await this.log.lastSeq() }];
  }

  /**
   * Brings the followed branches in line with the shared log (cluster): a change whose announcement never
   * came — its process died between commit and announcement, or Redis lost it — is read now. Reads only
   * the log's newest entries (since LATE_COMMIT_MS before the last catch-up), one row per visit they touch:
   * its cost follows the work done meanwhile, not how many branches or open visits there are.
   */
  async reconcile(): Promise<number> {
    const now = this.now();
    if (this.marks.length === 0) await this.begin();
    const from = this.cursor(now);
    const changed = await this.log.changedSince(from);
    const stale: string[] = [];
    let top = this.marks.at(-1)!.seq;
    for (const c of changed) {
      top = Math.max(top, c.seq);
      if (!this.follows(c.branch)) continue;
      const known = this.seen.get(c.visitId);
      // Newer than what is known here; or open and never seen (its check-in's announcement was lost).
      if (known === undefined ? c.open : known < c.seq) stale.push(c.visitId);
    }
    this.marks.push({ at: now, seq: top });
    for (const id of stale) await this.applyRemote(id);
    return stale.length;
  }

  /** The sequence number to read after: the newest mark at least LATE_COMMIT_MS old (or the oldest kept). */
  private cursor(now: number): number {
    let i = 0;
    while (i + 1 < this.marks.length && this.marks[i + 1]!.at <= now - LATE_COMMIT_MS) i++;
    this.marks = this.marks.slice(i);
    return this.marks[0]!.seq;
  }

  private startFollowing(branch: string, askedAt: number, got?: (folds: VisitFold[]) => void): Promise<void> {
    // Followed from now on, before the read: a change announced while it runs is taken, not passed over.
    const entry = { loaded: DONE, askedAt };
    this.followed.set(branch, entry);
    entry.loaded = this.readBranch(branch).then(
      (folds) => got?.(folds),
      (err: unknown) => {
        if (this.followed.get(branch) === entry) this.unfollow(branch);
        throw err;
      },
    );
    return entry.loaded;
  }

  private unfollow(branch: string): void {
    this.followed.delete(branch);
    for (const [id, fold] of this.open) {
      if (fold.branch !== branch) continue;
      this.open.delete(id);
      this.seen.delete(id);
    }
  }

  /**
   * Reads a branch's open visits from the log (through the (branch, open) index). What was heard meanwhile
   * is not undone: a visit known newer here than in the read stays as known, and one known before the read
   * but absent from it (it ended elsewhere) is forgotten only if nothing was heard of it since.
   */
  private async readBranch(branch: string): Promise<VisitFold[]> {
    const before = new Map(this.folds(branch).map((f) => [f.id, this.seenSeq(f.id)]));
    const loaded: VisitFold[] = [];
    for (const events of (await this.log.openVisitEvents(branch)).values()) {
      const fold = foldVisit(events);
      if (!fold) continue;
      const seq = maxSeq(events);
      const known = this.open.get(fold.id);
      if (known && this.seenSeq(fold.id) > seq) {
        loaded.push(known);
        continue;
      }
      this.remember(fold, seq);
      if (fold.endedAt === null && this.follows(branch)) loaded.push(fold);
    }
    const live = new Set(loaded.map((f) => f.id));
    for (const [id, seq] of before) {
      if (live.has(id) || this.seen.get(id) !== seq) continue;
      this.open.delete(id);
      this.seen.delete(id);
    }
    return loaded;
  }
}
