/**
 * REST shell of the customer's status link (DESIGN §9): no sign-in — the link's token is the key. Every
 * lookup, the page's own included, counts against the address's allowance (`limits.statusLookupsPerMinute`);
 * an unknown, malformed or expired token is one plain 404, so a guesser learns nothing.
 */
import { Router } from 'express';
import type { Hall } from '../hall.ts';
import type { MinuteLimiter } from '../rate-limit.ts';
import { linkOf } from '../status/guard.ts';
import type { StatusLinks } from '../status/links.ts';
import type { StatusLookup } from '../status/lookup.ts';
import { api } from '../../shared/api/routes.ts';
import type { Visit } from '../../shared/types.ts';
import { route } from './route.ts';

/** The customer's actor in the log: never the token itself (staff read the log; the token is the customer's key). */
const CUSTOMER = { type: 'customer', id: 'status-link' } as const;

export function statusRoutes(hall: Hall, links: StatusLinks, lookup: StatusLookup, limiter: MinuteLimiter): Router {
  const r = Router();

  route(r, api.status, async ({ req, res }) => lookup.status(await linkOf(req, res, links, limiter, hall.now())));

  route(r, api.rateVisit, async ({ req, res, body, reply }) => {
    const link = await linkOf(req, res, links, limiter, hall.now());
    const done = await hall.rate(link.branch, link.visitId, body(), CUSTOMER);
    const { visit } = done.body as { visit: Visit };
    return reply(done.status, { rating: visit.rating! });
  });

  return r;
}
