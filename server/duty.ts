/**
 * Who is on the floor: each staff member's post (on duty, on a break, off duty), stored so a restart
 * keeps it, and announced to listeners (the sockets) whenever it changes.
 */
import type { Config } from './config.ts';
import type { Sql } from './store/sql.ts';
import type { DutyBoard, DutyStatus } from '../shared/socket.ts';

export type DutyListener = (board: DutyBoard) => void;

const GREETING_ROLES = ['greeter', 'vip-host'];

export class Duty {
  private readonly listeners: DutyListener[] = [];

  constructor(
    private readonly sql: Sql,
    private readonly config: Config,
    private readonly now: () => number,
  ) {}

  onChange(listener: DutyListener): void {
    this.listeners.push(listener);
  }

  /** The branch's staff (in configuration order) with their posts; never-seen staff are off duty. */
  async board(branch: string): Promise<DutyBoard> {
    const rows = await this.sql.all<{ staff_id: string; status: DutyStatus; since: number }>('SELECT staff_id, status, since FROM duty WHERE branch = ?', [
      branch,
    ]);
    const stored = new Map(rows.map((r) => [r.staff_id, r]));
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
    await this.sql.transaction(async () => {
      await this.sql.run(
        `INSERT INTO duty (staff_id, branch, status, since, changed_by) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(staff_id) DO UPDATE SET branch = excluded.branch, status = excluded.status,
           since = excluded.since, changed_by = excluded.changed_by`,
        [staffId, branch, status, at, changedBy],
      );
      await this.sql.run('INSERT INTO duty_log (staff_id, branch, status, at, changed_by) VALUES (?, ?, ?, ?, ?)', [staffId, branch, status, at, changedBy]);
    });
    const board = await this.board(branch);
    for (const l of this.listeners) l(board);
    return board;
  }
}
