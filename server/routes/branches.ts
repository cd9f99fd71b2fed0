/** What a branch is: its name, lines and counters (for every page), and its staff (for transfers). */
import { Router } from 'express';
import { authorize } from '../auth.ts';
import { branchPublic, staffPublic, type Config } from '../config.ts';
import { notFound } from '../errors.ts';
import { api } from '../../shared/api/routes.ts';
import { principalOf, route } from './route.ts';

export function branchRoutes(config: Config): Router {
  const r = Router();
  route(r, api.branch, ({ res, params }) => {
    authorize(principalOf(res), params.branch, 'read-public');
    const b = config.branch(params.branch);
    if (!b) throw notFound('unknown-branch', `no branch "${params.branch}"`);
    return { branch: branchPublic(b) };
  });
  route(r, api.staff, ({ res, params }) => {
    authorize(principalOf(res), params.branch, 'read');
    return { staff: config.staff.filter((s) => s.branch === params.branch).map(staffPublic) };
  });
  return r;
}
