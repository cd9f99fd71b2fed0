/** REST shell for visits: parse, authorize, hand to the hall, answer. */
import { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import { actorOf, authorize, type Permission, type Principal } from '../auth.ts';
import { badRequest } from '../errors.ts';
import type { Hall, Idempotency } from '../hall.ts';
import { requestHash } from '../hall.ts';
import type { CheckInLimits } from '../rate-limit.ts';
import { staffEvent } from '../member-no.ts';
import { confirmReplaySchema, type VisitCommand } from '../../shared/commands.ts';
import {
  actionSchema,
  callSchema,
  checkInSchema,
  correctLineSchema,
  correctSchema,
  describeIssue,
  startSchema,
  transferSchema,
  vipSchema,
  visitsQuerySchema,
} from '../../shared/schemas.ts';
import { localDay } from '../../shared/time.ts';

export function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const { field, message } = describeIssue(r.error);
    throw badRequest('invalid', message, field);
  }
  return r.data;
}

export function principalOf(res: Response): Principal | null {
  return (res.locals.principal as Principal | undefined) ?? null;
}

/** The command's Idempotency-Key with a hash of what it asks, so a retry gets the first reply. */
export function idempotency(req: Request, asked: unknown = req.body): Idempotency | undefined {
  const key = req.get('Idempotency-Key');
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw badRequest(
      'invalid-idempotency-key',
      'Idempotency-Key: 1 to 200 visible ASCII characters',
      'Idempotency-Key',
    );
  }
  // Scoped to who sends it in which branch: another kiosk's or another hall's key is another command.
  const p = req.res ? principalOf(req.res) : null;
  return {
    branch: String(req.params.branch ?? ''),
    principal: p ? `${p.kind}:${p.id}` : 'anonymous',
    key,
    requestHash: requestHash(`${req.method} ${req.originalUrl}`, asked),
  };
}

interface ActionSpec {
  schema: z.ZodType;
  permission: Permission;
  command: (body: Record<string, unknown>) => VisitCommand;
}

const simple = (type: 'greet' | 'recall' | 'complete' | 'no-show' | 'leave' | 'cancel'): ActionSpec => ({
  schema: actionSchema,
  permission: 'act',
  command: () => ({ type }),
});

/** The command routes of the contract (shared/api/), by their last path segment. */
const ACTIONS: Record<string, ActionSpec> = {
  vip: {
    schema: vipSchema,
    permission: 'vip',
    command: (b) => ({ type: 'vip', memberNo: b.memberNo as string | undefined }),
  },
  greet: simple('greet'),
  'correct-line': {
    schema: correctLineSchema,
    permission: 'act',
    command: (b) => ({ type: 'correct-line', line: b.line as string }),
  },
  call: { schema: callSchema, permission: 'act', command: (b) => ({ type: 'call', counter: b.counter as string }) },
  recall: simple('recall'),
  start: {
    schema: startSchema,
    permission: 'act',
    command: (b) => ({ type: 'start', counter: b.counter as string | undefined }),
  },
  complete: simple('complete'),
  'no-show': simple('no-show'),
  leave: simple('leave'),
  cancel: simple('cancel'),
  transfer: {
    schema: transferSchema,
    permission: 'act',
    command: (b) => ({
      type: 'transfer',
      toStaff: b.toStaff as string | undefined,
      toLine: b.toLine as string | undefined,
      reason: b.reason as string,
    }),
  },
  correct: {
    schema: correctSchema,
    permission: 'manage',
    command: (b) => ({ type: 'correct', eventId: b.eventId as number, reason: b.reason as string }),
  },
  // A manager accepts a disputed replay (docs/rules.md §4): the clock then takes the replayed outcome.
  'confirm-replay': {
    schema: confirmReplaySchema,
    permission: 'manage',
    command: (b) => ({
      type: 'confirm-replay',
      rule: b.rule as 'reception' | 'vip-reception',
      reason: b.reason as string,
    }),
  },
};

export function visitRoutes(hall: Hall, checkInLimits: CheckInLimits): Router {
  const r = Router();

  r.post('/branches/:branch/visits', async (req, res) => {
    const p = authorize(principalOf(res), req.params.branch, 'check-in');
    const body = parse(checkInSchema, req.body ?? {});
    // A replayed key is not a new check-in; it must always get its first reply back. The kiosk's provisional
    // number is left out of the comparison: a live try that timed out and its kept resend (which now carries
    // the 临- number the customer was given) are the same arrival.
    const { provisionalTicket: _shown, ...asked } = body;
    const idem = idempotency(req, asked);
    if (!idem || !(await hall.log.storedReply(idem))) await checkInLimits.take(p.id, body.occurredAt, hall.now());
    const reply = await hall.checkIn(req.params.branch, body, actorOf(p), idem);
    res.status(reply.status).json(reply.body);
  });

  r.post('/branches/:branch/visits/:id/:action', async (req, res) => {
    const spec = Object.hasOwn(ACTIONS, req.params.action) ? ACTIONS[req.params.action] : undefined;
    if (!spec) throw badRequest('unknown-action', `no visit command "${req.params.action}"`);
    const p = authorize(principalOf(res), req.params.branch, spec.permission);
    const body = parse(spec.schema, req.body ?? {}) as Record<string, unknown>;
    const reply = await hall.act(
      req.params.branch,
      req.params.id,
      spec.command(body),
      actorOf(p),
      body.occurredAt as string | undefined,
      idempotency(req),
    );
    res.status(reply.status).json(reply.body);
  });

  r.get('/branches/:branch/visits', async (req, res) => {
    authorize(principalOf(res), req.params.branch, 'read');
    const q = parse(visitsQuerySchema, req.query);
    const branch = hall.config.branch(req.params.branch)!;
    let visits;
    if (q.state === 'open' && q.date === undefined) {
      visits = hall.openVisits(branch.id);
    } else {
      const day = q.date ?? localDay(hall.now(), branch.timeZone);
      visits = await hall.log.visits(branch.id, { day });
      if (q.state === 'open') visits = visits.filter((v) => v.endedAt === null);
      // The stored projection was folded when its last event came; refresh clocks still running.
      const open = new Map(hall.openVisits(branch.id).map((v) => [v.id, v]));
      visits = visits.map((v) => open.get(v.id) ?? v);
    }
    res.json({ visits });
  });

  r.get('/branches/:branch/visits/:id', async (req, res) => {
    authorize(principalOf(res), req.params.branch, 'read');
    const { visit, events } = await hall.details(req.params.branch, req.params.id);
    res.json({ visit, events: events.map(staffEvent) });
  });

  return r;
}
