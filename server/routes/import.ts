/**
 * Imports of past visits (manager), a CSV as the body (Content-Type: text/csv):
 * - `POST /branches/:branch/imports` → 202 `{import}` at once; the import runs on in chunks while the hall
 *   keeps working, and `GET /branches/:branch/imports/:id` → `{import: {state, total, checked, done, …}}`.
 * - `POST /branches/:branch/import` → the finished result, for scripts that want one reply (same chunks).
 * `?skipBad=true` writes the good rows of a file that has bad ones; otherwise such a file writes nothing.
 */
import express, { Router } from 'express';
import { authorize } from '../auth.ts';
import { HttpError, badRequest, notFound } from '../errors.ts';
import type { Hall } from '../hall.ts';
import type { ReportService } from '../reports/service.ts';
import { checkHeader, ImportFileError } from '../import/parse.ts';
import { ImportJobs } from '../import/jobs.ts';
import { importCsv } from '../import/write.ts';
import { principalOf } from './route.ts';

export function importRoutes(hall: Hall, reports: ReportService, bodyBytes: () => number): Router {
  const r = Router();
  const jobs = new ImportJobs(hall.now);
  // express.json leaves text/csv alone; these routes read it as text, within the configured body limit.
  const text = (req: express.Request, res: express.Response, next: express.NextFunction) => {
    const limit = bodyBytes();
    express.text({ type: ['text/csv', 'text/plain'], limit: limit === 0 ? '1gb' : limit })(req, res, next);
  };
  // Who may import is checked before reading a possibly large body.
  const manager = (req: express.Request, res: express.Response, next: express.NextFunction) => {
    authorize(principalOf(res), String(req.params.branch), 'manage');
    next();
  };
  const csvOf = (req: express.Request): string => {
    if (typeof req.body !== 'string') {
      throw badRequest('invalid', 'the body must be a CSV file sent as Content-Type: text/csv', 'body');
    }
    return req.body;
  };
  const skipBadOf = (req: express.Request) => req.query.skipBad === 'true' || req.query.skipBad === '1';

  r.post('/branches/:branch/imports', manager, text, (req, res) => {
    const csv = csvOf(req);
    try {
      checkHeader(csv);
    } catch (e) {
      if (e instanceof ImportFileError) throw badRequest('invalid-csv', e.message, 'body');
      throw e;
    }
    const branch = String(req.params.branch);
    const job = jobs.start(csv, { hall, reports, branch, skipBad: skipBadOf(req) });
    res.status(202).location(`/api/v1/branches/${branch}/imports/${job.id}`).json({ import: job });
  });

  r.get('/branches/:branch/imports/:id', manager, (req, res) => {
    const job = jobs.get(String(req.params.branch), String(req.params.id));
    if (!job)
      throw notFound('unknown-import', 'no such import in this branch (imports are kept an hour after they end)');
    res.json({ import: job });
  });

  r.post('/branches/:branch/import', manager, text, async (req, res) => {
    const csv = csvOf(req);
    let result;
    try {
      result = await importCsv(csv, { hall, reports, branch: String(req.params.branch), skipBad: skipBadOf(req) });
    } catch (e) {
      if (e instanceof ImportFileError) throw badRequest('invalid-csv', e.message, 'body');
      throw e;
    }
    if (!result.written) {
      const first = result.bad[0]!;
      const err = new HttpError(
        422,
        'bad-rows',
        `${result.bad.length} bad row(s), nothing was imported; first: line ${first.line}: ${first.reason}`,
      );
      res.status(422).json({ ...err.toJSON(), result });
      return;
    }
    res.json(result);
  });

  return r;
}
