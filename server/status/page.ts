/**
 * `/s/:token`: the customer's status page (dashboard/status/, built by Vite). Served only while the token
 * names a live link — an unknown or expired one is a plain 404 — and never indexed.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { HttpError } from '../errors.ts';
import type { MinuteLimiter } from '../rate-limit.ts';
import { linkOf } from './guard.ts';
import type { StatusLinks } from './links.ts';

export function statusPage(webRoot: string, links: StatusLinks, limiter: MinuteLimiter, now: () => number) {
  const file = join(webRoot, 'dashboard', 'status', 'index.html');
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      await linkOf(req, res, links, limiter, now());
      res.set('Cache-Control', 'no-store');
      res.type('html').send(await readFile(file, 'utf8'));
    } catch (err) {
      if (err instanceof HttpError && err.status === 404) {
        res.status(404).type('text/plain').send('404 Not Found');
        return;
      }
      next(err);
    }
  };
}
