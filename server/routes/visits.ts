/** REST shell for visits: parse, authorize, hand to the hall, answer. */
import { Router } from 'express';
import type { z } from 'zod';
import { actorOf, authorize, type Permission } from '../auth.ts';
import { badRequest } from '../errors.ts';
import type { Hall } from '../hall.ts';
import type { CheckInLimits } from '../rate-limit.ts';
import { staffEvent } from '../member-no.ts';
import type { VisitCommand } from '../../shared/commands.ts';
import type { RouteSpec } from '../../shared/api/contract.ts';
import { api } from '../../shared/api/routes.ts';
import { localDay } from '../../shared/time.ts';
import { idempotency, parse, principalOf, route } from './route.ts';

type CommandSpec<B extends z.ZodType> = Omit<RouteSpec, 'body'> & {
  path: `/branches/:branch/visits/:id/${string}`;
  body: B;
};

/** Registers one visit command of the contract: who may give it, and the command its body makes. */
function command<B extends z.ZodType<{ occurredAt?: string | undefined; [field: string]: unknown }>>(
  r: Router,
  hall: Hall,
  spec: CommandSpec<B>,
  permission: Permission,
  toCommand: (body: z.output<B>) => VisitCommand,
): void {
  route(r, spec, async ({ req, res, params, replay }) => {
    const p = authorize(principalOf(res), params.branch, permission);
    const body = parse(spec.body, req.body ?? {});
    const cmd = toCommand(body);
    return replay(await hall.act(params.branch, params.id, cmd, actorOf(p), body.occurredAt, idempotency(req)));
  });
}

export function visitRoutes(hall: Hall, checkInLimits: CheckInLimits): Router {
  const r = Router();

  route(r, api.checkIn, async ({ req, res, params, body, replay }) => {
    const p = authorize(principalOf(res), params.branch, 'check-in');
    const b = body();
    // A replayed key is not a new check-in; it must always get its first reply back. The kiosk's provisional
    // number is left out of the comparison: a live try that timed out and its kept resend (which now carries
    // the 临- number the customer was given) are the same arrival.
    const { provisionalTicket: _shown, ...asked } = b;
    const idem = idempotency(req, asked);
    if (!idem || !(await hall.log.storedReply(idem))) await checkInLimits.take(p.id, b.occurredAt, hall.now());
    return replay(await hall.checkIn(params.branch, b, actorOf(p), idem));
  });

  command(r, hall, api.vip, 'vip', (b) => ({ type: 'vip', memberNo: b.memberNo }));
  // The kiosk may flag its own customer's visit, as it may identify a VIP (the same permission).
  command(r, hall, api.help, 'vip', () => ({ type: 'help' }));
  command(r, hall, api.greet, 'act', () => ({ type: 'greet' }));
  command(r, hall, api.correctLine, 'act', (b) => ({ type: 'correct-line', line: b.line }));
  command(r, hall, api.call, 'act', (b) => ({ type: 'call', counter: b.counter }));
  command(r, hall, api.recall, 'act', () => ({ type: 'recall' }));
  command(r, hall, api.start, 'act', (b) => ({ type: 'start', counter: b.counter }));
  command(r, hall, api.complete, 'act', () => ({ type: 'complete' }));
  command(r, hall, api.noShow, 'act', () => ({ type: 'no-show' }));
  command(r, hall, api.leave, 'act', () => ({ type: 'leave' }));
  command(r, hall, api.cancel, 'act', () => ({ type: 'cancel' }));
  command(r, hall, api.transfer, 'act', (b) => ({
    type: 'transfer',
    toStaff: b.toStaff,
    toLine: b.toLine,
    reason: b.reason,
  }));
  command(r, hall, api.correct, 'manage', (b) => ({ type: 'correct', eventId: b.eventId, reason: b.reason }));
  // A manager accepts a disputed replay (docs/rules.md): the clock then takes the replayed outcome.
  command(r, hall, api.confirmReplay, 'manage', (b) => ({ type: 'confirm-replay', rule: b.rule, reason: b.reason }));

  // The counter tablet's 请您评价: staff of the branch post the customer's rating (Hall.rate keeps it once).
  route(r, api.rate, async ({ req, res, params, body, replay }) => {
    const p = authorize(principalOf(res), params.branch, 'act');
    return replay(await hall.rate(params.branch, params.visitId, body(), actorOf(p), idempotency(req)));
  });

  // Any other last segment is refused as a command, before sign-in is checked, as the commands' one route did.
  r.use('/branches/:branch/visits/:id/:action', (req, _res, next) => {
    if (req.method !== 'POST' || req.path !== '/') return next();
    throw badRequest('unknown-action', `no visit command "${req.params.action}"`);
  });

  route(r, api.visits, async ({ res, params, query }) => {
    authorize(principalOf(res), params.branch, 'read');
    const q = query();
    const branch = hall.config.branch(params.branch)!;
    await hall.follow(branch.id);
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
    return { visits };
  });

  route(r, api.visit, async ({ res, params }) => {
    authorize(principalOf(res), params.branch, 'read');
    const { visit, events } = await hall.details(params.branch, params.id);
    return { visit, events: events.map(staffEvent) };
  });

  return r;
}
