/**
 * The open visits this process knows, folded, with the newest log entry of each: what the scheduler,
 * the close of day and the snapshots read. The hall records its own commits here; changes made by other
 * processes (cluster) are read from the log or taken from their announcement, then run through the
 * after-commit steps that follow every process (the clocks). Reads the log, never writes it.
 */
import type { AfterCommit } from './after-commit.ts';
import type { EventLog } from './store/log.ts';
import { foldVisit, toVisit, type VisitFold } from '../shared/visit.ts';
import type { Visit, VisitEvent } from '../shared/types.ts';

export const maxSeq = (events: VisitEvent[]): number => events.reduce((max, e) => Math.max(max, e.seq), 0);

export class OpenVisits {
  private readonly open = new Map<string, VisitFold>();
  /** The newest log entry of each open visit this process knows (voided and corrections included). */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly log: EventLog,
    private readonly afterCommit: AfterCommit,
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

  /** The newest log entry of an open visit this process has seen (0: none). */
  seenSeq(visitId: string): number {
    return this.seen.get(visitId) ?? 0;
  }

  /** Keeps a visit as it stands after `seq`: open, or forgotten once it has ended. */
  remember(fold: VisitFold, seq: number): void {
    if (fold.endedAt === null) {
      this.open.set(fold.id, fold);
      this.seen.set(fold.id, Math.max(seq, this.seen.get(fold.id) ?? 0));
    } else {
      this.open.delete(fold.id);
      this.seen.delete(fold.id);
    }
  }

  /** Loads the open visits from the log (start-up); a branch's again when this process takes it over. */
  async load(branch?: string): Promise<VisitFold[]> {
    const loaded: VisitFold[] = [];
    for (const events of (await this.log.openVisitEvents(branch)).values()) {
      const fold = foldVisit(events);
      if (fold) {
        this.remember(fold, maxSeq(events));
        loaded.push(fold);
      }
    }
    if (branch !== undefined) {
      // Visits that ended elsewhere while another process held the branch.
      const live = new Set(loaded.map((f) => f.id));
      for (const [id, fold] of this.open) {
        if (fold.branch === branch && !live.has(id)) {
          this.open.delete(id);
          this.seen.delete(id);
        }
      }
    }
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
   * process knows a newer state of the visit already.
   */
  async adopt(history: VisitEvent[]): Promise<void> {
    const fold = foldVisit(history);
    if (!fold) return;
    const known = this.seen.get(fold.id);
    const seq = maxSeq(history);
    if (known !== undefined && known >= seq) return;
    if (known === undefined && fold.endedAt !== null) return; // ended and never seen here: nothing to forget
    this.remember(fold, seq);
    await this.afterCommit.run({ fold, appended: [], history, remote: true, days: [] });
  }

  /**
   * Brings the cache in line with the shared log (cluster): a change whose announcement never came — its
   * process died between commit and announcement, or Redis lost it — is read now.
   */
  async reconcile(): Promise<number> {
    const inLog = await this.log.openVisitSeqs();
    const stale = [...inLog].filter(([id, seq]) => this.seenSeq(id) < seq).map(([id]) => id);
    for (const id of this.open.keys()) if (!inLog.has(id)) stale.push(id);
    for (const id of stale) await this.applyRemote(id);
    return stale.length;
  }
}
