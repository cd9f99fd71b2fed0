/** Alerts for managers: acknowledge one, list a day's alerts with their acknowledgements. */
import { Router } from 'express';
import { authorize } from '../auth.ts';
import type { Config } from '../config.ts';
import { notFound } from '../errors.ts';
import type { AlertStore } from '../store/alerts.ts';
import { ackSchema, alertsQuerySchema } from '../../shared/alerts.ts';
import { localDay, localInstant } from '../../shared/time.ts';
import { parse, principalOf } from './route.ts';

export type Acknowledge = (branch: string, id: string, staffId: string, note: string | undefined) => Promise<unknown>;

export function alertRoutes(config: Config, alerts: AlertStore, acknowledge: Acknowledge, now: () => number): Router {
  const r = Router();

  r.post('/branches/:branch/alerts/:id/ack', async (req, res) => {
    const p = authorize(principalOf(res), req.params.branch, 'manage');
    const body = parse(ackSchema, req.body ?? {});
    const alert = await acknowledge(req.params.branch, req.params.id, p.id, body.note);
    res.json({ alert });
  });

  r.get('/branches/:branch/alerts', async (req, res) => {
    authorize(principalOf(res), req.params.branch, 'manage');
    const branch = config.branch(req.params.branch);
    if (!branch) throw notFound('unknown-branch', `no branch "${req.params.branch}"`);
    const q = parse(alertsQuerySchema, req.query);
    const date = q.date ?? localDay(now(), branch.timeZone);
    const from = localInstant(date, '00:00', branch.timeZone);
    const to = localInstant(date, '24:00', branch.timeZone);
    res.json({ date, alerts: await alerts.firedBetween(branch.id, from, to) });
  });

  return r;
}
