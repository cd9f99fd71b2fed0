/**
 * Today's visits reduced to times and outcomes, for the wall's hourly figures. The wall may read it
 * ('read-public'): there is no ticket, name or member number in it.
 */
import { Router } from 'express';
import { authorize } from '../auth.ts';
import { notFound } from '../errors.ts';
import type { Hall } from '../hall.ts';
import { api } from '../../shared/api/routes.ts';
import { toTodayVisit } from '../../shared/today.ts';
import { localDay } from '../../shared/time.ts';
import { principalOf, route } from './route.ts';

export function todayRoutes(hall: Hall): Router {
  const r = Router();
  route(r, api.today, async ({ res, params }) => {
    authorize(principalOf(res), params.branch, 'read-public');
    const branch = hall.config.branch(params.branch);
    if (!branch) throw notFound('unknown-branch', `no branch "${params.branch}"`);
    const day = localDay(hall.now(), branch.timeZone);
    // The stored projection was folded at its last event; open visits are refreshed to now.
    await hall.follow(branch.id);
    const open = new Map(hall.openVisits(branch.id).map((v) => [v.id, v]));
    const visits = (await hall.log.visits(branch.id, { day })).map((v) => toTodayVisit(open.get(v.id) ?? v));
    return { day, serverTime: new Date(hall.now()).toISOString(), visits };
  });
  return r;
}
