/**
 * A visit as its customer sees it through their status link (DESIGN §9): only what the ticket in their
 * hand already says, plus where they stand — never a name, a member number or who served them.
 */
import { DEFAULT_CALL_ORDER } from '../config.ts';
import type { Hall } from '../hall.ts';
import type { StatusLink } from './links.ts';
import { aheadOf } from '../../shared/call-order.ts';
import type { StatusReply } from '../../shared/api/status.ts';
import { customerState, estimatedWaitSeconds, queuePace } from '../../shared/status.ts';
import { localDay } from '../../shared/time.ts';
import type { Visit } from '../../shared/types.ts';

/**
 * Phones ask every second and the pace moves over minutes: the day's visits are read again only when a new
 * customer has left the queue (every call or service start happens to an open visit, so the latest one among
 * the open visits moves) or a minute has passed (the window slides).
 */
const PACE_TTL_MS = 60_000;

/** When a visit left the queue: called to a counter, or served without a call. */
function leftQueueAt(v: Visit): number | null {
  const at = v.calledAt ?? v.startedAt;
  return at === null ? null : Date.parse(at);
}

export class StatusLookup {
  private readonly paces = new Map<string, { at: number; latest: number; pace: number | null }>();

  constructor(private readonly hall: Hall) {}

  async status(link: StatusLink): Promise<StatusReply> {
    const now = this.hall.now();
    await this.hall.follow(link.branch);
    const { visit } = await this.hall.details(link.branch, link.visitId);
    const branch = this.hall.config.branch(link.branch)!;
    // A line removed from the configuration since: the ticket still names it by id.
    const line = branch.lines.find((l) => l.id === visit.line);
    const state = customerState(visit.state);
    const ahead =
      state === 'waiting'
        ? aheadOf(this.hall.openVisits(branch.id), visit.id, branch.callOrder ?? DEFAULT_CALL_ORDER)
        : null;
    return {
      ticket: visit.ticket,
      provisionalTicket: visit.provisionalTicket,
      branch: { name: branch.name },
      line: { id: visit.line, name: line?.name ?? { zh: visit.line, en: visit.line } },
      state,
      counter: state === 'called' || state === 'serving' ? visit.counter : null,
      ahead,
      estimatedWaitSeconds: ahead === null ? null : estimatedWaitSeconds(ahead, await this.pace(branch.id, now)),
      guide: line?.guide ?? null,
      completed: visit.state === 'completed',
      rated: visit.rating !== null,
      serverTime: new Date(now).toISOString(),
    };
  }

  private async pace(branchId: string, now: number): Promise<number | null> {
    const latest = Math.max(0, ...this.hall.openVisits(branchId).map((v) => leftQueueAt(v) ?? 0));
    const kept = this.paces.get(branchId);
    if (kept && kept.latest === latest && now - kept.at < PACE_TTL_MS) return kept.pace;
    const timeZone = this.hall.config.branch(branchId)?.timeZone ?? 'Asia/Shanghai';
    const today = await this.hall.log.visits(branchId, { day: localDay(now, timeZone) });
    const left = today.flatMap((v) => (v.imported ? [] : [leftQueueAt(v)].filter((t) => t !== null)));
    const pace = queuePace(left, now);
    this.paces.set(branchId, { at: now, latest, pace });
    return pace;
  }
}
