/** What a branch is: its name, lines and counters (for every page), and its staff (for transfers). */
import { Router } from 'express';
import { authorize } from '../auth.ts';
import { branchPublic, staffPublic, type Config } from '../config.ts';
import { notFound } from '../errors.ts';
import { principalOf } from './route.ts';

export function branchRoutes(config: Config): Router {
  const r = Router();
  r.get('/branches/:branch', (req, res) => {
    authorize(principalOf(res), req.params.branch, 'read-public');
    const b = config.branch(req.params.branch);
    if (!b) throw notFound('unknown-branch', `no branch "${req.params.branch}"`);
    res.json({ branch: branchPublic(b) });
  });
  r.get('/branches/:branch/staff', (req, res) => {
    authorize(principalOf(res), req.params.branch, 'read');
    res.json({ staff: config.staff.filter((s) => s.branch === req.params.branch).map(staffPublic) });
  });
  return r;
}
