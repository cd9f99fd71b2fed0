/**
 * REST shell for staffing advice (docs/staffing.md, Advice). A manager may ask for any day; the branch's wall
 * may read it too, because the wall's 人手建议 panel shows it to the hall manager with no one signed in.
 */
import { Router } from 'express';
import { authorize, type Principal } from '../auth.ts';
import type { Config } from '../config.ts';
import { forbidden, notFound, unauthorized } from '../errors.ts';
import type { Staffing } from '../staffing/service.ts';
import { api } from '../../shared/api/routes.ts';
import { localDay } from '../../shared/time.ts';
import { principalOf, route } from './route.ts';

/** A manager of the branch, or the branch's wall (read-only: the advice changes nothing). */
function mayReadStaffing(p: Principal | null, branch: string): void {
  if (!p) throw unauthorized();
  if (p.kind === 'device') {
    if (p.branch !== branch) throw forbidden(`you belong to branch ${p.branch}, not ${branch}`);
    if (p.role !== 'wall') throw forbidden();
    return;
  }
  authorize(p, branch, 'manage');
}

export function staffingRoutes(config: Config, staffing: Staffing, now: () => number): Router {
  const r = Router();
  route(r, api.staffing, async ({ res, params, query }) => {
    mayReadStaffing(principalOf(res), params.branch);
    const branch = config.branch(params.branch);
    if (!branch) throw notFound('unknown-branch', `no branch "${params.branch}"`);
    const date = query().date ?? localDay(now(), branch.timeZone);
    return staffing.staffingFor(branch.id, date);
  });
  return r;
}
