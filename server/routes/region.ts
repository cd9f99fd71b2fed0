/**
 * REST shell for the regional wall: a region's standings, worst first, for a manager the configuration
 * lets watch it (`staff[].regions`). Read-only, and no visit, ticket or name in it.
 */
import { Router } from 'express';
import type { Principal } from '../auth.ts';
import type { Config } from '../config.ts';
import { forbidden, notFound, unauthorized } from '../errors.ts';
import type { RegionBoard } from '../region.ts';
import { api } from '../../shared/api/routes.ts';
import { principalOf, route } from './route.ts';

/** May this principal watch the region? Throws the 401/403/404 that says why not. */
export function mayWatchRegion(p: Principal | null, config: Config, region: string): void {
  if (!p) throw unauthorized();
  if (!config.regions.some((r) => r.id === region)) throw notFound('unknown-region', `no region "${region}"`);
  if (p.kind !== 'staff' || !p.roles.includes('manager') || !p.staff.regions?.includes(region))
    throw forbidden(`you may not watch region ${region}`);
}

export function regionRoutes(config: Config, board: RegionBoard): Router {
  const r = Router();
  route(r, api.regions, ({ res }) => {
    const p = principalOf(res);
    if (!p) throw unauthorized();
    const mine = p.kind === 'staff' && p.roles.includes('manager') ? (p.staff.regions ?? []) : [];
    return {
      regions: config.regions
        .filter((x) => mine.includes(x.id))
        .map((x) => ({ id: x.id, name: x.name, branches: x.branches.length })),
    };
  });
  route(r, api.region, async ({ res, params }) => {
    mayWatchRegion(principalOf(res), config, params.region);
    return (await board.overview(params.region))!;
  });
  return r;
}
