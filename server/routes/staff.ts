/**
 * What the staff console needs beyond the visit commands: a counter calling its next customer, and
 * the on-duty / on-break switch (read by the wall too).
 */
import { Router } from 'express';
import { z } from 'zod';
import { actorOf, authorize, may } from '../auth.ts';
import { DEFAULT_CALL_ORDER, type CallPriority, type Config } from '../config.ts';
import type { Duty } from '../duty.ts';
import { badRequest, conflict, forbidden, notFound } from '../errors.ts';
import type { Hall } from '../hall.ts';
import { pageWorker } from './page-worker.ts';
import { DUTY_STATUSES } from '../../shared/socket.ts';
import { callQueue } from '../../shared/call-order.ts';
import type { Visit } from '../../shared/types.ts';
import { idempotency, parse, principalOf } from './route.ts';

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+$/, 'must be letters, digits, _ . or -');
const callNextSchema = z.strictObject({
  occurredAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 time with a time zone' }).optional(),
});
const dutySchema = z.strictObject({ status: z.enum(DUTY_STATUSES), staffId: id.optional() });

/** The customer a counter calls next: the priorities in order, then who arrived first (shared/call-order.ts). */
export function nextToCall(visits: Visit[], order: readonly CallPriority[] = DEFAULT_CALL_ORDER): Visit | undefined {
  return callQueue(visits, order)[0];
}

export function staffRoutes(hall: Hall, duty: Duty, config: Config): Router {
  const r = Router();

  r.post('/branches/:branch/counters/:counter/call-next', async (req, res) => {
    const p = authorize(principalOf(res), req.params.branch, 'act');
    const branch = config.branch(req.params.branch)!;
    if (!branch.counters.includes(req.params.counter))
      throw notFound('unknown-counter', `no counter "${req.params.counter}" in this branch`);
    const body = parse(callNextSchema, req.body ?? {});
    const idem = idempotency(req);
    // A retry of a call that went through returns that call, even when nobody is left waiting now.
    const stored = idem && (await hall.log.storedReply(idem));
    if (stored) {
      if (stored.requestHash !== idem.requestHash)
        throw conflict('idempotency-key-reused', 'this Idempotency-Key was already used for a different request');
      return void res.status(stored.status).json(stored.response);
    }
    const next = nextToCall(hall.openVisits(branch.id), branch.callOrder ?? DEFAULT_CALL_ORDER);
    if (!next) throw conflict('queue-empty', 'nobody is waiting to be called');
    const reply = await hall.act(
      branch.id,
      next.id,
      { type: 'call', counter: req.params.counter },
      actorOf(p),
      body.occurredAt,
      idem,
    );
    res.status(reply.status).json(reply.body);
  });

  r.get('/branches/:branch/duty', async (req, res) => {
    const p = authorize(principalOf(res), req.params.branch, 'read-public');
    // The wall shows who is on the floor; a kiosk at the door has no need to know.
    if (p.kind === 'device' && p.role === 'kiosk') throw forbidden();
    res.json({ duty: await duty.board(req.params.branch) });
  });

  r.post('/branches/:branch/duty', async (req, res) => {
    const p = authorize(principalOf(res), req.params.branch, 'act');
    const body = parse(dutySchema, req.body ?? {});
    const staffId = body.staffId ?? p.id;
    // Anyone sets their own post; a manager may also set a colleague's (who forgot to sign off).
    if (staffId !== p.id && !may(p, 'manage')) throw forbidden("only a manager may set a colleague's duty status");
    const member = config.staffMember(staffId);
    if (!member || member.branch !== req.params.branch)
      throw badRequest('unknown-staff', `staffId: no staff member "${staffId}" in this branch`, 'staffId');
    res.json({ duty: await duty.set(req.params.branch, member.id, body.status, p.id) });
  });

  r.get('/staff/sw.js', pageWorker('staff'));

  return r;
}
