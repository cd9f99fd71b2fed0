/**
 * What a screen gets the moment it connects, besides the open visits: each branch's open alerts and duty
 * board, kept in memory and updated by every push (this process's, and — through Redis — the others').
 * A snapshot built from memory needs no await, so it goes out in the same turn as the socket joins its
 * rooms: no push can fall between what the snapshot read and the first push the screen receives.
 *
 * The store is read in full once, at start (`load`). In a cluster each lease round then catches up on what
 * other processes changed whose announcement was lost (`catchUp`): only the alerts and duty posts stamped
 * since the last round (migration 0021), so an idle branch costs no read. A push that raced a read wins:
 * what was read of a branch that a push reached meanwhile is left alone and read again next round.
 */
import type { AlertStore } from './store/alerts.ts';
import type { DutyBoard } from '../shared/socket.ts';
import { ACTIONABLE, applyToOpenAlerts } from '../shared/alerts.ts';
import type { Alert } from '../shared/types.ts';

const byFiring = (a: Alert, b: Alert) => a.firedAt.localeCompare(b.firedAt) || a.id.localeCompare(b.id);

/** How far back a snapshot's recent alerts reach (docs/rules.md §5). */
const RECENT_MS = 15 * 60_000;

/**
 * How long after its stamp a change may still commit. A stamp is taken when the row is written, its
 * commit comes later (a slower transaction, a stalled connection), so a read can miss a row stamped before
 * the read began. Each catch-up therefore reads from its predecessor's start minus this margin, and what
 * it reads twice is applied twice, harmlessly (by id, to the state the store holds). Alert and duty writes
 * are single statements or two-statement transactions; 15 s is far beyond their commit.
 */
const COMMIT_MARGIN_MS = 15_000;

/** The duty boards as LiveCache reads them (server/duty.ts). */
interface DutySource {
  boards(branches: string[]): Promise<DutyBoard[]>;
  changedSince(from: number): Promise<{ boards: { board: DutyBoard; changedAt: number }[]; readAt: number }>;
}

export class LiveCache {
  private readonly alerts = new Map<string, Map<string, Alert>>();
  /** Alerts fired in the last {@link RECENT_MS}, resolved ones included, by branch and id. */
  private readonly recent = new Map<string, Map<string, Alert>>();
  private readonly boards = new Map<string, DutyBoard>();
  /** Counts updates, so a read that raced one can tell. */
  private updates = 0;
  /** Branch → the update count at its last alert push, and at its last duty push. */
  private readonly alertPushed = new Map<string, number>();
  private readonly dutyPushed = new Map<string, number>();
  /** Where the next catch-up reads from (the database's clock); undefined until the first full load. */
  private alertsFrom: number | undefined;
  private dutyFrom: number | undefined;
  /** Branches whose full load raced a push: loaded again at the next catch-up. */
  private readonly reload = new Set<string>();

  constructor(
    private readonly store: AlertStore,
    private readonly dutySource: DutySource,
    private readonly now: () => number = Date.now,
  ) {}

  /** Reads the branches' open alerts and boards from the store in full: at start, and for a branch new here. */
  async load(branches: string[]): Promise<void> {
    const before = this.updates;
    // The clock before the reads: whatever they miss was stamped after it, so the first catch-up finds it.
    const clock = this.alertsFrom === undefined ? await this.store.clock() : undefined;
    // Three reads whatever the number of branches.
    const [open, fired, boardList] = await Promise.all([
      this.store.openEverywhere(),
      this.store.firedSince(this.now() - RECENT_MS),
      this.dutySource.boards(branches),
    ]);
    const alerts = new Map<string, Map<string, Alert>>(branches.map((b) => [b, new Map()]));
    for (const a of open) alerts.get(a.branch)?.set(a.id, a);
    const recent = new Map<string, Map<string, Alert>>(branches.map((b) => [b, new Map()]));
    for (const a of fired) recent.get(a.branch)?.set(a.id, a);
    const boards = new Map(boardList.map((board) => [board.branch, board]));
    for (const b of branches) {
      // A push came in for this branch while reading: what was read may be older than it. Keep memory and
      // read the branch again at the next catch-up.
      if ((this.alertPushed.get(b) ?? 0) > before || (this.dutyPushed.get(b) ?? 0) > before) {
        this.reload.add(b);
        continue;
      }
      this.reload.delete(b);
      this.alerts.set(b, alerts.get(b)!);
      this.recent.set(b, recent.get(b)!);
      const board = boards.get(b);
      if (board) this.boards.set(b, board);
    }
    if (clock !== undefined) {
      this.alertsFrom ??= clock - COMMIT_MARGIN_MS;
      this.dutyFrom ??= clock - COMMIT_MARGIN_MS;
    }
  }

  /**
   * Applies what changed in the store since the last catch-up (another process's alerts and duty posts
   * whose announcement did not arrive): two reads, of changed rows only. Before the first load: a load.
   */
  async catchUp(branches: string[]): Promise<void> {
    if (this.alertsFrom === undefined || this.dutyFrom === undefined) return this.load(branches);
    if (this.reload.size > 0) await this.load([...this.reload]);
    const before = this.updates;
    const [alerts, duty] = await Promise.all([
      this.store.changedSince(this.alertsFrom),
      this.dutySource.changedSince(this.dutyFrom),
    ]);
    // The next read starts a margin before this one began; a row left alone (its branch was pushed to
    // meanwhile) is read again, so the cursor does not pass it.
    let alertsFrom = alerts.readAt - COMMIT_MARGIN_MS;
    const since = this.now() - RECENT_MS;
    for (const { alert, changedAt } of alerts.changed) {
      if ((this.alertPushed.get(alert.branch) ?? 0) > before) {
        alertsFrom = Math.min(alertsFrom, changedAt);
        continue;
      }
      this.applyStored(alert, since);
    }
    let dutyFrom = duty.readAt - COMMIT_MARGIN_MS;
    for (const { board, changedAt } of duty.boards) {
      if ((this.dutyPushed.get(board.branch) ?? 0) > before) {
        dutyFrom = Math.min(dutyFrom, changedAt);
        continue;
      }
      this.boards.set(board.branch, board);
    }
    this.alertsFrom = Math.max(this.alertsFrom, alertsFrom);
    this.dutyFrom = Math.max(this.dutyFrom, dutyFrom);
  }

  /** An alert as the store holds it: open or not, and among the recent ones if it fired lately. */
  private applyStored(a: Alert, since: number): void {
    const open = this.alerts.get(a.branch) ?? new Map<string, Alert>();
    this.alerts.set(a.branch, open);
    applyToOpenAlerts(open, a);
    if (Date.parse(a.firedAt) < since) return;
    const recent = this.recent.get(a.branch) ?? new Map<string, Alert>();
    this.recent.set(a.branch, recent);
    recent.set(a.id, a);
  }

  /** Applies an alert as the screens do (shared/alerts.ts). */
  applyAlert(a: Alert): void {
    this.alertPushed.set(a.branch, ++this.updates);
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
    this.dutyPushed.set(board.branch, ++this.updates);
    this.boards.set(board.branch, board);
  }

  openAlerts(branch: string): Alert[] {
    return [...(this.alerts.get(branch)?.values() ?? [])].sort(byFiring);
  }

  duty(branch: string): DutyBoard | undefined {
    return this.boards.get(branch);
  }
}
