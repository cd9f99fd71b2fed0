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
import { api } from '../../shared/api/routes.ts';
import { principalOf, route } from './route.ts';

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
  const skipBadOf = (q: { skipBad?: string | undefined }) => q.skipBad === 'true' || q.skipBad === '1';

  route(
    r,
    api.startImport,
    ({ res, params, body, query }) => {
      const csv = body();
      try {
        checkHeader(csv);
      } catch (e) {
        if (e instanceof ImportFileError) throw badRequest('invalid-csv', e.message, 'body');
        throw e;
      }
      const job = jobs.start(csv, { hall, reports, branch: params.branch, skipBad: skipBadOf(query()) });
      res.location(`/api/v1/branches/${params.branch}/imports/${job.id}`);
      return { import: job };
    },
    [manager, text],
  );

  route(
    r,
    api.importJob,
    ({ params }) => {
      const job = jobs.get(params.branch, params.id);
      if (!job)
        throw notFound('unknown-import', 'no such import in this branch (imports are kept an hour after they end)');
      return { import: job };
    },
    [manager],
  );

  route(
    r,
    api.importNow,
    async ({ res, params, body, query, sent }) => {
      const csv = body();
      let result;
      try {
        result = await importCsv(csv, { hall, reports, branch: params.branch, skipBad: skipBadOf(query()) });
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
        return sent();
      }
      return result;
    },
    [manager, text],
  );

  return r;
}
