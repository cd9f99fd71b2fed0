/**
 * Who was on duty in each slot, from the append-only duty log: greeters are staff on duty holding the
 * greeter role, VIP hosts those holding vip-host (one person with both counts in both).
 */
import type { Config } from '../config.ts';
import type { Sql } from '../store/sql.ts';
import type { RoleCounts } from '../../shared/staffing/advice.ts';
import type { Slot } from '../../shared/staffing/slots.ts';

/**
 * Per slot: a slot already over counts who was on duty at its start; the slot under way and the rest of
 * today count who is on duty now (the board as it stands); slots before the branch's duty log began get
 * nothing (imported history had no board). Days ahead are the caller's to leave out.
 */
export async function onDutyBySlot(
  sql: Sql,
  config: Config,
  branch: string,
  slots: readonly Slot[],
  now: number,
): Promise<(RoleCounts | undefined)[]> {
  const last = slots[slots.length - 1];
  if (!last) return [];
  const log = await sql.all<{ staffId: string; status: string; at: number }>(
    'SELECT staff_id AS "staffId", status, at FROM duty_log WHERE branch = ? AND at <= ? ORDER BY at, seq',
    [branch, Math.min(now, last.end)],
  );
  if (log.length === 0) return slots.map(() => undefined);
  const began = Number(log[0]!.at);
  const roles = new Map(config.staff.filter((s) => s.branch === branch).map((s) => [s.id, s.roles]));
  const status = new Map<string, string>();
  let next = 0;
  const countAt = (t: number): RoleCounts => {
    for (; next < log.length && Number(log[next]!.at) <= t; next++) status.set(log[next]!.staffId, log[next]!.status);
    const out = { greeters: 0, vipHosts: 0 };
    for (const [id, s] of status) {
      const r = s === 'on-duty' ? roles.get(id) : undefined;
      if (r?.includes('greeter')) out.greeters++;
      if (r?.includes('vip-host')) out.vipHosts++;
    }
    return out;
  };
  // Slots are in time order and so are the instants asked about, so one pass over the log serves all.
  return slots.map((s) => {
    if (s.end <= began) return undefined;
    return s.end <= now ? countAt(s.start) : countAt(now);
  });
}
