/** REST shell for the end-of-day report (manager only): JSON, CSV, and a closed day's revisions. */
import { Router } from 'express';
import { z } from 'zod';
import { authorize } from '../auth.ts';
import { badRequest, notFound } from '../errors.ts';
import type { Config } from '../config.ts';
import type { NamedReport, ReportService } from '../reports/service.ts';
import { reportCsv } from '../reports/csv.ts';
import { daysBetween } from '../../shared/report.ts';
import { parse, principalOf } from './route.ts';

/** A range longer than this is refused: a quarter and a bit is what head office asks for. */
const MAX_DAYS = 400;

const day = z.iso.date({ message: 'must be a date YYYY-MM-DD' });
const querySchema = z
  .object({
    date: day.optional(),
    from: day.optional(),
    to: day.optional(),
    format: z.enum(['json', 'csv']).default('json'),
    lang: z.enum(['zh', 'en']).default('zh'),
    revision: z.coerce.number().int().positive().optional(),
  })
  .refine((q) => (q.date !== undefined) !== (q.from !== undefined || q.to !== undefined), {
    message: 'give either date=YYYY-MM-DD or from=…&to=…',
    path: ['date'],
  })
  .refine((q) => q.date !== undefined || (q.from !== undefined && q.to !== undefined), {
    message: 'a range needs both from and to',
    path: ['to'],
  })
  .refine((q) => q.date !== undefined || q.from! <= q.to!, { message: 'from must not be after to', path: ['from'] });

export function reportRoutes(config: Config, reports: ReportService): Router {
  const r = Router();

  r.get('/branches/:branch/reports/daily', async (req, res) => {
    authorize(principalOf(res), req.params.branch, 'manage');
    const branch = config.branch(req.params.branch);
    if (!branch) throw notFound('unknown-branch', `no branch "${req.params.branch}"`);
    const q = parse(querySchema, req.query);
    const from = q.date ?? q.from!;
    const to = q.date ?? q.to!;
    if (daysBetween(from, to).length > MAX_DAYS)
      throw badRequest('invalid', `to: a range may span at most ${MAX_DAYS} days`, 'to');

    const snapshots = from === to ? await reports.snapshots(branch.id, from) : [];
    let body: NamedReport & { revision: number | null };
    if (q.revision !== undefined) {
      const snap = snapshots.find((s) => s.revision === q.revision);
      if (!snap) throw notFound('unknown-revision', `the report of ${from} has no revision ${q.revision}`);
      body = { ...(snap.report as NamedReport), revision: snap.revision };
    } else {
      body = { ...(await reports.report(branch.id, from, to)), revision: snapshots.at(-1)?.revision ?? null };
    }
    const revisions = snapshots.map((s) => ({
      revision: s.revision,
      createdAt: s.createdAt,
      reason: s.reason,
      changes: s.changes,
    }));

    if (q.format === 'csv') {
      const name = from === to ? `yingbin-${branch.id}-${from}` : `yingbin-${branch.id}-${from}_${to}`;
      res.set('Content-Type', 'text/csv; charset=utf-8');
      res.set('Content-Disposition', `attachment; filename="${name}.csv"`);
      res.send(reportCsv(body, branch.name[q.lang], q.lang, reports.ruleNaming(branch.id)));
      return;
    }
    res.json({ ...body, revisions });
  });

  return r;
}
