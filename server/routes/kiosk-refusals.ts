/**
 * A kiosk's kept offline check-in that the server refused for good (hall closed by then, line removed, …)
 * leaves a customer holding a provisional number with no visit behind it. The kiosk reports it here, the
 * report is stored (one per kept check-in) and pushed to the branch's staff, who read the day's list too.
 */
import { Router } from 'express';
import { authorize } from '../auth.ts';
import { forbidden, notFound } from '../errors.ts';
import type { Hall } from '../hall.ts';
import type { KioskRefusalStore } from '../store/kiosk-refusals.ts';
import { api } from '../../shared/api/routes.ts';
import { localDay, localInstant } from '../../shared/time.ts';
import type { KioskRefusal } from '../../shared/types.ts';
import { maskMemberNo } from '../../shared/visit.ts';
import { principalOf, route } from './route.ts';

export function kioskRefusalRoutes(hall: Hall, store: KioskRefusalStore, push: (r: KioskRefusal) => void): Router {
  const r = Router();

  route(r, api.kioskRefusal, async ({ res, params, body: read, reply }) => {
    const p = authorize(principalOf(res), params.branch, 'check-in');
    // Only the kiosk that kept the check-in knows of it; staff check in live and see refusals at once.
    if (p.kind !== 'device') throw forbidden('only a kiosk reports its kept check-ins');
    const branch = hall.config.branch(params.branch);
    if (!branch) throw notFound('unknown-branch', `no branch "${params.branch}"`);
    const body = read();
    const { refusal, created } = await store.record({
      key: body.key,
      branch: branch.id,
      device: p.id,
      provisionalTicket: body.provisionalTicket,
      line: body.checkIn.line,
      vip: Boolean(body.checkIn.vip),
      memberNo: maskMemberNo(body.checkIn.vip?.memberNo ?? null),
      specialNeeds: [...new Set(body.checkIn.specialNeeds ?? [])],
      occurredAt: new Date(Date.parse(body.checkIn.occurredAt)).toISOString(),
      code: body.refusal.code,
      message: body.refusal.message,
      reportedAt: new Date(hall.now()).toISOString(),
    });
    if (created) push(refusal);
    return reply(created ? 201 : 200, { refusal });
  });

  route(r, api.kioskRefusals, async ({ res, params, query }) => {
    authorize(principalOf(res), params.branch, 'read');
    const branch = hall.config.branch(params.branch);
    if (!branch) throw notFound('unknown-branch', `no branch "${params.branch}"`);
    const q = query();
    const day = q.date ?? localDay(hall.now(), branch.timeZone);
    const from = localInstant(day, '00:00', branch.timeZone);
    const to = localInstant(day, '24:00', branch.timeZone);
    return { refusals: await store.between(branch.id, from, to) };
  });

  return r;
}
