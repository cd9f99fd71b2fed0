/**
 * What the entrance kiosk needs beyond check-in: how busy each line is (for the ticket), identifying as
 * VIP later by the ticket in hand (the customer knows the ticket, not the visit id), and the kiosk's
 * service worker, which keeps the page loadable while the server is down.
 */
import { Router } from 'express';
import { actorOf, authorize } from '../auth.ts';
import { DEFAULT_CALL_ORDER } from '../config.ts';
import { HttpError, notFound } from '../errors.ts';
import { aheadOf } from '../../shared/call-order.ts';
import type { Hall } from '../hall.ts';
import { logger } from '../logger.ts';
import type { MinuteLimiter } from '../rate-limit.ts';
import { ticketParamSchema } from '../../shared/api/bodies.ts';
import { api } from '../../shared/api/routes.ts';
import { localDay } from '../../shared/time.ts';
import type { Visit } from '../../shared/types.ts';
import { idempotency, parse, principalOf, route } from './route.ts';
import { pageWorker } from './page-worker.ts';

/** How many of a line's most recent waits the estimate looks at. */
const RECENT_WAITS = 10;

export interface LineStatus {
  line: string;
  /** Customers of this line checked in and not yet called. */
  waiting: number;
  /** Median of the line's most recent waits today (arrival → called or served), or null without history. */
  estimatedWaitSeconds: number | null;
}

/** Lower median (nearest rank), like the report's percentiles. */
function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(0.5 * sorted.length) - 1]!;
}

/** When a visit stopped waiting in the queue: called to a counter, or served without a call. */
function leftQueueAt(v: Visit): number | null {
  const at = v.calledAt ?? v.startedAt;
  return at === null ? null : Date.parse(at);
}

async function lineStatus(hall: Hall, branchId: string, lineIds: string[]): Promise<LineStatus[]> {
  const branch = hall.config.branch(branchId)!;
  await hall.follow(branchId);
  const today = await hall.log.visits(branchId, { day: localDay(hall.now(), branch.timeZone) });
  const open = hall.openVisits(branchId);
  return lineIds.map((line) => {
    const waits = today
      .filter((v) => v.line === line && !v.imported && leftQueueAt(v) !== null)
      .sort((a, b) => leftQueueAt(b)! - leftQueueAt(a)!)
      .slice(0, RECENT_WAITS)
      .map((v) => Math.max(0, Math.round((leftQueueAt(v)! - Date.parse(v.arrivedAt)) / 1000)));
    return {
      line,
      waiting: open.filter((v) => v.line === line && v.state === 'waiting').length,
      estimatedWaitSeconds: median(waits),
    };
  });
}

/** `ticketVipLimiter` counts "VIP later" attempts per device or staff member (ticket numbers are easy to guess). */
export function kioskRoutes(hall: Hall, ticketVipLimiter: MinuteLimiter): Router {
  const r = Router();

  // ?visit=<id> adds how many will be called before that visit (the ticket screen); null once it is not waiting.
  route(r, api.lineStatus, async ({ res, params, query }) => {
    authorize(principalOf(res), params.branch, 'read-public');
    const branch = hall.config.branch(params.branch);
    if (!branch) throw notFound('unknown-branch', `no branch "${params.branch}"`);
    const q = query();
    const lines = await lineStatus(
      hall,
      branch.id,
      branch.lines.map((l) => l.id),
    );
    // Counted in the order call-next will really call: VIPs and special needs of any line go first.
    const ahead =
      q.visit === undefined
        ? null
        : aheadOf(hall.openVisits(branch.id), q.visit, branch.callOrder ?? DEFAULT_CALL_ORDER);
    return { lines, ahead };
  });

  // The customer holds a paper ticket (or the kiosk's offline number): find today's open visit with that
  // number and start its VIP clock. Every attempt is limited and audited (who, which ticket, the outcome;
  // never the member number): a guessed ticket would make a stranger's visit a VIP's.
  route(r, api.vipByTicket, async ({ req, res, params, body: read, replay }) => {
    const p = authorize(principalOf(res), params.branch, 'vip');
    const branch = hall.config.branch(params.branch);
    if (!branch) throw notFound('unknown-branch', `no branch "${params.branch}"`);
    const audit = { branch: branch.id, by: actorOf(p), ticket: String(params.ticket).slice(0, 20) };
    try {
      // A retried Idempotency-Key is not another attempt: it always gets its first reply back.
      const idem = idempotency(req);
      if (!idem || !(await hall.log.storedReply(idem))) await ticketVipLimiter.take(`${p.kind}:${p.id}`);
      const { ticket } = parse(ticketParamSchema, { ticket: params.ticket });
      const body = read();
      const today = localDay(hall.now(), branch.timeZone);
      await hall.follow(branch.id);
      const visit = hall
        .openVisits(branch.id)
        .find(
          (v) =>
            (v.ticket === ticket || v.provisionalTicket === ticket) &&
            localDay(Date.parse(v.arrivedAt), branch.timeZone) === today,
        );
      if (!visit) throw notFound('unknown-ticket', `no open visit with ticket ${ticket} today in branch ${branch.id}`);
      const reply = await hall.act(
        branch.id,
        visit.id,
        { type: 'vip', memberNo: body.memberNo },
        actorOf(p),
        undefined,
        idem,
      );
      logger.info({ ...audit, visit: visit.id, ok: true }, 'VIP by ticket');
      return replay(reply);
    } catch (e) {
      logger.info({ ...audit, ok: false, refused: e instanceof HttpError ? e.code : 'error' }, 'VIP by ticket');
      throw e;
    }
  });

  route(r, api.kioskWorker, ({ res }) => pageWorker('kiosk', res));

  return r;
}
