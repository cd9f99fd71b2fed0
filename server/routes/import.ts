/**
 * POST /branches/:branch/import (manager): a CSV of past visits as the body (Content-Type: text/csv).
 * `?skipBad=true` writes the good rows of a file that has bad ones; otherwise such a file writes nothing.
 */
import express, { Router } from 'express';
import { authorize } from '../auth.ts';
import { HttpError, badRequest } from '../errors.ts';
import type { Hall } from '../hall.ts';
import type { ReportService } from '../reports/service.ts';
import { ImportFileError } from '../import/parse.ts';
import { importCsv } from '../import/write.ts';
import { principalOf } from './visits.ts';

export function importRoutes(hall: Hall, reports: ReportService, bodyBytes: () => number): Router {
  const r = Router();
  // express.json leaves text/csv alone; this route reads it as text, within the configured body limit.
  const text = (req: express.Request, res: express.Response, next: express.NextFunction) => {
    const limit = bodyBytes();
    express.text({ type: ['text/csv', 'text/plain'], limit: limit === 0 ? '1gb' : limit })(req, res, next);
  };

  r.post('/branches/:branch/import', (req, res, next) => {
    // Who may import is checked before reading a possibly large body.
    authorize(principalOf(res), String(req.params.branch), 'manage');
    next();
  }, text, async (req, res) => {
    if (typeof req.body !== 'string') {
      throw badRequest('invalid', 'the body must be a CSV file sent as Content-Type: text/csv', 'body');
    }
    const skipBad = req.query.skipBad === 'true' || req.query.skipBad === '1';
    let result;
    try {
      result = await importCsv(req.body, { hall, reports, branch: String(req.params.branch), skipBad });
    } catch (e) {
      if (e instanceof ImportFileError) throw badRequest('invalid-csv', e.message, 'body');
      throw e;
    }
    if (!result.written) {
      const first = result.bad[0]!;
      const err = new HttpError(422, 'bad-rows', `${result.bad.length} bad row(s), nothing was imported; first: line ${first.line}: ${first.reason}`);
      res.status(422).json({ ...err.toJSON(), result });
      return;
    }
    res.json(result);
  });

  return r;
}
