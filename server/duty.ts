/**
 * Who is on the floor: each staff member's post (on duty, on a break, off duty), stored so a restart
 * keeps it, and announced to listeners (the sockets) whenever it changes.
 */
import type { Config } from './config.ts';
import type { DutyStore, StoredPost } from './store/duty.ts';
import type { DutyBoard, DutyStatus } from '../shared/socket.ts';

export type DutyListener = (board: DutyBoard) => void;

const GREETING_ROLES = ['greeter', 'vip-host'];

export class Duty {
  private readonly listeners: DutyListener[] = [];

  constructor(
    private readonly store: DutyStore,
    private readonly config: Config,
    private readonly now: () => number,
  ) {}

  onChange(listener: DutyListener): void {
    this.listeners.push(listener);
  }

  /** The branch's staff (in configuration order) with their posts; never-seen staff are off duty. */
  async board(branch: string): Promise<DutyBoard> {
    return this.boardOf(branch, await this.store.posts(branch));
  }

  /** Every given branch's board from one read of the posts. */
  async boards(branches: string[]): Promise<DutyBoard[]> {
    const posts = await this.store.posts();
    return branches.map((b) =>
      this.boardOf(
        b,
        posts.filter((p) => p.branch === b),
      ),
    );
  }

  /**
   * The boards of the branches where a post changed at or after `from` (the database's clock), each with
   * its earliest such change, and the database's clock as the read began: one read (LiveCache's catch-up).
   */
  async changedSince(from: number): Promise<{ boards: { board: DutyBoard; changedAt: number }[]; readAt: number }> {
    const { posts, readAt } = await this.store.changedSince(from);
    const byBranch = new Map<string, StoredPost[]>();
    const earliest = new Map<string, number>();
    for (const p of posts) {
      byBranch.set(p.branch, [...(byBranch.get(p.branch) ?? []), p]);
      if (p.changedAt >= from) earliest.set(p.branch, Math.min(earliest.get(p.branch) ?? Infinity, p.changedAt));
    }
    const boards = [...byBranch].map(([b, list]) => ({
      board: this.boardOf(b, list),
      changedAt: earliest.get(b) ?? from,
    }));
    return { boards, readAt };
  }

  private boardOf(branch: string, posts: StoredPost[]): DutyBoard {
    const stored = new Map(posts.map((p) => [p.staffId, p]));
    const staff = this.config.staff
      .filter((s) => s.branch === branch)
      .map((s) => {
        const row = stored.get(s.id);
        return {
          staffId: s.id,
          name: s.name,
          roles: s.roles,
          status: row?.status ?? ('off-duty' as const),
          since: row ? new Date(row.since).toISOString() : null,
        };
      });
    const onDuty = staff.filter((s) => s.status === 'on-duty');
    return {
      branch,
      staff,
      onDuty: onDuty.length,
      onBreak: staff.filter((s) => s.status === 'on-break').length,
      greetersOnDuty: onDuty.filter((s) => s.roles.some((r) => GREETING_ROLES.includes(r))).length,
    };
  }

  /** Sets a post; setting the status someone already has writes nothing and tells no one. */
  async set(branch: string, staffId: string, status: DutyStatus, changedBy: string): Promise<DutyBoard> {
    const current = (await this.board(branch)).staff.find((s) => s.staffId === staffId);
    if (current && current.status === status) return this.board(branch);
    const at = this.now();
    await this.store.set(branch, staffId, status, at, changedBy);
    const board = await this.board(branch);
    for (const l of this.listeners) l(board);
    return board;
  }
}
