/**
 * A kiosk's kept offline check-in that the server refused for good (hall closed by then, line removed, …)
 * leaves a customer holding a provisional number with no visit behind it. The kiosk reports it here, the
 * report is stored (one per kept check-in) and pushed to the branch's staff, who read the day's list too.
 */
import { Router } from 'express';
import { z } from 'zod';
import { authorize } from '../auth.ts';
import { forbidden, notFound } from '../errors.ts';
import type { Hall } from '../hall.ts';
import type { KioskRefusalStore } from '../store/kiosk-refusals.ts';
import { kioskRefusalSchema } from '../../shared/schemas.ts';
import { localDay, localInstant } from '../../shared/time.ts';
import type { KioskRefusal } from '../../shared/types.ts';
import { maskMemberNo } from '../../shared/visit.ts';
import { parse, principalOf } from './route.ts';

const listQuerySchema = z.object({ date: z.iso.date().optional() });

export function kioskRefusalRoutes(hall: Hall, store: KioskRefusalStore, push: (r: KioskRefusal) => void): Router {
  const r = Router();

  r.post('/branches/:branch/kiosk-refusals', async (req, res) => {
    const p = authorize(principalOf(res), req.params.branch, 'check-in');
    // Only the kiosk that kept the check-in knows of it; staff check in live and see refusals at once.
    if (p.kind !== 'device') throw forbidden('only a kiosk reports its kept check-ins');
    const branch = hall.config.branch(req.params.branch);
    if (!branch) throw notFound('unknown-branch', `no branch "${req.params.branch}"`);
    const body = parse(kioskRefusalSchema, req.body ?? {});
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
    res.status(created ? 201 : 200).json({ refusal });
  });

  r.get('/branches/:branch/kiosk-refusals', async (req, res) => {
    authorize(principalOf(res), req.params.branch, 'read');
    const branch = hall.config.branch(req.params.branch);
    if (!branch) throw notFound('unknown-branch', `no branch "${req.params.branch}"`);
    const q = parse(listQuerySchema, req.query);
    const day = q.date ?? localDay(hall.now(), branch.timeZone);
    const from = localInstant(day, '00:00', branch.timeZone);
    const to = localInstant(day, '24:00', branch.timeZone);
    res.json({ refusals: await store.between(branch.id, from, to) });
  });

  return r;
}
