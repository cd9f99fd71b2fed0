/**
 * What the staff console needs beyond the visit commands: a counter calling its next customer, and
 * the on-duty / on-break switch (read by the wall too).
 */
import { Router } from 'express';
import { actorOf, authorize, may } from '../auth.ts';
import { DEFAULT_CALL_ORDER, type CallPriority, type Config } from '../config.ts';
import type { Duty } from '../duty.ts';
import { badRequest, conflict, forbidden, notFound } from '../errors.ts';
import type { Hall } from '../hall.ts';
import { pageWorker } from './page-worker.ts';
import { api } from '../../shared/api/routes.ts';
import { callQueue } from '../../shared/call-order.ts';
import type { Visit } from '../../shared/types.ts';
import { idempotency, principalOf, route } from './route.ts';

/** The customer a counter calls next: the priorities in order, then who arrived first (shared/call-order.ts). */
export function nextToCall(visits: Visit[], order: readonly CallPriority[] = DEFAULT_CALL_ORDER): Visit | undefined {
  return callQueue(visits, order)[0];
}

export function staffRoutes(hall: Hall, duty: Duty, config: Config): Router {
  const r = Router();

  route(r, api.callNext, async ({ req, res, params, body: read, replay }) => {
    const p = authorize(principalOf(res), params.branch, 'act');
    const branch = config.branch(params.branch)!;
    if (!branch.counters.includes(params.counter))
      throw notFound('unknown-counter', `no counter "${params.counter}" in this branch`);
    const body = read();
    const idem = idempotency(req);
    // A retry of a call that went through returns that call, even when nobody is left waiting now.
    const stored = idem && (await hall.log.storedReply(idem));
    if (stored) {
      if (stored.requestHash !== idem.requestHash)
        throw conflict('idempotency-key-reused', 'this Idempotency-Key was already used for a different request');
      return replay({ status: stored.status, body: stored.response });
    }
    await hall.follow(branch.id);
    const next = nextToCall(hall.openVisits(branch.id), branch.callOrder ?? DEFAULT_CALL_ORDER);
    if (!next) throw conflict('queue-empty', 'nobody is waiting to be called');
    const reply = await hall.act(
      branch.id,
      next.id,
      { type: 'call', counter: params.counter },
      actorOf(p),
      body.occurredAt,
      idem,
    );
    return replay(reply);
  });

  route(r, api.duty, async ({ res, params }) => {
    const p = authorize(principalOf(res), params.branch, 'read-public');
    // The wall shows who is on the floor; a kiosk at the door has no need to know.
    if (p.kind === 'device' && p.role === 'kiosk') throw forbidden();
    return { duty: await duty.board(params.branch) };
  });

  route(r, api.setDuty, async ({ res, params, body: read }) => {
    const p = authorize(principalOf(res), params.branch, 'act');
    const body = read();
    const staffId = body.staffId ?? p.id;
    // Anyone sets their own post; a manager may also set a colleague's (who forgot to sign off).
    if (staffId !== p.id && !may(p, 'manage')) throw forbidden("only a manager may set a colleague's duty status");
    const member = config.staffMember(staffId);
    if (!member || member.branch !== params.branch)
      throw badRequest('unknown-staff', `staffId: no staff member "${staffId}" in this branch`, 'staffId');
    return { duty: await duty.set(params.branch, member.id, body.status, p.id) };
  });

  route(r, api.staffWorker, ({ res }) => pageWorker('staff', res));

  return r;
}
