/**
 * Who is on the floor: each staff member's post (on duty, on a break, off duty), stored so a restart
 * keeps it, and announced to listeners (the sockets) whenever it changes.
 */
import type { Config } from './config.ts';
import type { DB } from './store/db.ts';
import type { DutyBoard, DutyStatus } from '../shared/socket.ts';

export type DutyListener = (board: DutyBoard) => void;

const GREETING_ROLES = ['greeter', 'vip-host'];

export class Duty {
  private readonly listeners: DutyListener[] = [];
  private readonly selectBranch;
  private readonly upsert;
  private readonly insertLog;

  constructor(
    private readonly db: DB,
    private readonly config: Config,
    private readonly now: () => number,
  ) {
    this.selectBranch = db.prepare('SELECT staff_id, status, since FROM duty WHERE branch = ?');
    this.upsert = db.prepare(
      `INSERT INTO duty (staff_id, branch, status, since, changed_by) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(staff_id) DO UPDATE SET branch = excluded.branch, status = excluded.status,
         since = excluded.since, changed_by = excluded.changed_by`,
    );
    this.insertLog = db.prepare('INSERT INTO duty_log (staff_id, branch, status, at, changed_by) VALUES (?, ?, ?, ?, ?)');
  }

  onChange(listener: DutyListener): void {
    this.listeners.push(listener);
  }

  /** The branch's staff (in configuration order) with their posts; never-seen staff are off duty. */
  board(branch: string): DutyBoard {
    const rows = this.selectBranch.all(branch) as { staff_id: string; status: DutyStatus; since: number }[];
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
  set(branch: string, staffId: string, status: DutyStatus, changedBy: string): DutyBoard {
    const current = this.board(branch).staff.find((s) => s.staffId === staffId);
    if (current && current.status === status) return this.board(branch);
    const at = this.now();
    this.db.transaction(() => {
      this.upsert.run(staffId, branch, status, at, changedBy);
      this.insertLog.run(staffId, branch, status, at, changedBy);
    })();
    const board = this.board(branch);
    for (const l of this.listeners) l(board);
    return board;
  }
}
