/** REST shell for the end-of-day report (manager only): JSON, CSV, and a closed day's revisions. */
import { Router } from 'express';
import { authorize } from '../auth.ts';
import { badRequest, notFound } from '../errors.ts';
import type { Config } from '../config.ts';
import type { NamedReport, ReportService } from '../reports/service.ts';
import type { Staffing } from '../staffing/service.ts';
import { staffingByHour } from '../../shared/staffing/report-hours.ts';
import { reportCsv } from '../reports/csv.ts';
import { daysBetween } from '../../shared/report.ts';
import { MAX_REPORT_DAYS } from '../../shared/api/bodies.ts';
import { api } from '../../shared/api/routes.ts';
import { principalOf, route } from './route.ts';

export function reportRoutes(config: Config, reports: ReportService, staffing: Staffing): Router {
  const r = Router();

  route(r, api.report, async ({ res, params, query, sent }) => {
    authorize(principalOf(res), params.branch, 'manage');
    const branch = config.branch(params.branch);
    if (!branch) throw notFound('unknown-branch', `no branch "${params.branch}"`);
    const q = query();
    const from = q.date ?? q.from!;
    const to = q.date ?? q.to!;
    if (daysBetween(from, to).length > MAX_REPORT_DAYS)
      throw badRequest('invalid', `to: a range may span at most ${MAX_REPORT_DAYS} days`, 'to');

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

    // A day's report sets its hours beside the staffing advice for that day (forecast from the days before it);
    // a range has no one forecast or duty board to set them against.
    const byHour =
      from === to ? staffingByHour(await staffing.staffingFor(branch.id, from), body.hours, branch.timeZone) : null;

    if (q.format === 'csv') {
      const name = from === to ? `yingbin-${branch.id}-${from}` : `yingbin-${branch.id}-${from}_${to}`;
      res.set('Content-Type', 'text/csv; charset=utf-8');
      res.set('Content-Disposition', `attachment; filename="${name}.csv"`);
      res.send(reportCsv({ ...body, staffing: byHour }, branch.name[q.lang], q.lang, reports.ruleNaming(branch.id)));
      return sent();
    }
    return { ...body, staffing: byHour, revisions };
  });

  return r;
}
