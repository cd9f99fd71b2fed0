/** Alerts for managers: acknowledge one, list a day's alerts with their acknowledgements. */
import { Router } from 'express';
import { authorize } from '../auth.ts';
import type { Config } from '../config.ts';
import { notFound } from '../errors.ts';
import type { AlertStore } from '../store/alerts.ts';
import { api } from '../../shared/api/routes.ts';
import { localDay, localInstant } from '../../shared/time.ts';
import type { Alert } from '../../shared/types.ts';
import { principalOf, route } from './route.ts';

export type Acknowledge = (branch: string, id: string, staffId: string, note: string | undefined) => Promise<Alert>;

export function alertRoutes(config: Config, alerts: AlertStore, acknowledge: Acknowledge, now: () => number): Router {
  const r = Router();

  route(r, api.ack, async ({ res, params, body }) => {
    const p = authorize(principalOf(res), params.branch, 'manage');
    const b = body();
    const alert = await acknowledge(params.branch, params.id, p.id, b.note);
    return { alert };
  });

  route(r, api.alerts, async ({ res, params, query }) => {
    authorize(principalOf(res), params.branch, 'manage');
    const branch = config.branch(params.branch);
    if (!branch) throw notFound('unknown-branch', `no branch "${params.branch}"`);
    const q = query();
    const date = q.date ?? localDay(now(), branch.timeZone);
    const from = localInstant(date, '00:00', branch.timeZone);
    const to = localInstant(date, '24:00', branch.timeZone);
    return { date, alerts: await alerts.firedBetween(branch.id, from, to) };
  });

  return r;
}
