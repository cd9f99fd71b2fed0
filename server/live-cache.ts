/**
 * What a screen gets the moment it connects, besides the open visits: each branch's open alerts and duty
 * board, kept in memory and updated by every push (this process's, and — through Redis — the others').
 * A snapshot built from memory needs no await, so it goes out in the same turn as the socket joins its
 * rooms: no push can fall between what the snapshot read and the first push the screen receives.
 */
import type { AlertStore } from './store/alerts.ts';
import type { DutyBoard } from '../shared/socket.ts';
import { ACTIONABLE, applyToOpenAlerts } from '../shared/alerts.ts';
import type { Alert } from '../shared/types.ts';

const byFiring = (a: Alert, b: Alert) => a.firedAt.localeCompare(b.firedAt) || a.id.localeCompare(b.id);

/** How far back a snapshot's recent alerts reach (docs/rules.md §5). */
const RECENT_MS = 15 * 60_000;

export class LiveCache {
  private readonly alerts = new Map<string, Map<string, Alert>>();
  /** Alerts fired in the last {@link RECENT_MS}, resolved ones included, by branch and id. */
  private readonly recent = new Map<string, Map<string, Alert>>();
  private readonly boards = new Map<string, DutyBoard>();
  /** Counts updates, so a reload that raced with one can tell and leave the fresher picture alone. */
  private updates = 0;

  constructor(
    private readonly store: AlertStore,
    private readonly dutyBoards: (branches: string[]) => Promise<DutyBoard[]>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Reads the branches' open alerts and boards from the store: at start, and now and then in a cluster. */
  async load(branches: string[]): Promise<void> {
    const before = this.updates;
    // Two reads whatever the number of branches: this runs every lease round in a cluster.
    const [open, fired, boardList] = await Promise.all([
      this.store.openEverywhere(),
      this.store.firedSince(this.now() - RECENT_MS),
      this.dutyBoards(branches),
    ]);
    const alerts = new Map<string, Map<string, Alert>>(branches.map((b) => [b, new Map()]));
    for (const a of open) alerts.get(a.branch)?.set(a.id, a);
    const recent = new Map<string, Map<string, Alert>>(branches.map((b) => [b, new Map()]));
    for (const a of fired) recent.get(a.branch)?.set(a.id, a);
    const boards = new Map(boardList.map((board) => [board.branch, board]));
    // A push came in while reading: what was read may be older than it. Keep memory; the next load will do.
    if (this.updates !== before) return;
    for (const [b, map] of alerts) this.alerts.set(b, map);
    for (const [b, map] of recent) this.recent.set(b, map);
    for (const [b, board] of boards) this.boards.set(b, board);
  }

  /** Applies an alert as the screens do (shared/alerts.ts). */
  applyAlert(a: Alert): void {
    this.updates++;
    const open = this.alerts.get(a.branch) ?? new Map<string, Alert>();
    this.alerts.set(a.branch, open);
    applyToOpenAlerts(open, a);
    const recent = this.recent.get(a.branch) ?? new Map<string, Alert>();
    this.recent.set(a.branch, recent);
    if (ACTIONABLE.includes(a.kind)) recent.set(a.id, a);
    else if (a.kind === 'resolved') {
      // The fired alerts of that visit's rule are over: keep them, closed, as the store has them.
      for (const [id, x] of recent) {
        if (x.visitId === a.visitId && x.rule === a.rule && !x.resolvedAt)
          recent.set(id, { ...x, resolvedAt: a.firedAt, resolvedReason: a.reason ?? null });
      }
    }
  }

  /** What fired in the branch in the last 15 minutes, oldest first (older ones are forgotten here). */
  recentAlerts(branch: string): Alert[] {
    const recent = this.recent.get(branch);
    if (!recent) return [];
    const since = new Date(this.now() - RECENT_MS).toISOString();
    for (const [id, a] of recent) if (a.firedAt < since) recent.delete(id);
    return [...recent.values()].sort(byFiring);
  }

  applyDuty(board: DutyBoard): void {
    this.updates++;
    this.boards.set(board.branch, board);
  }

  openAlerts(branch: string): Alert[] {
    return [...(this.alerts.get(branch)?.values() ?? [])].sort(byFiring);
  }

  duty(branch: string): DutyBoard | undefined {
    return this.boards.get(branch);
  }
}
