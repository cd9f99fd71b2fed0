/** Every way in by a status link's token: counted per address, then found — or one plain 404. */
import type { Request, Response } from 'express';
import { notFound } from '../errors.ts';
import type { MinuteLimiter } from '../rate-limit.ts';
import type { StatusLink, StatusLinks } from './links.ts';

/** The link a request's token names, after counting the lookup; a 404 otherwise. */
export async function linkOf(
  req: Request,
  res: Response,
  links: StatusLinks,
  limiter: MinuteLimiter,
  now: number,
): Promise<StatusLink> {
  // Search engines never see these pages or answers, even through a shared link.
  res.set('X-Robots-Tag', 'noindex, nofollow');
  await limiter.take(req.ip ?? 'unknown');
  const link = await links.find(String(req.params.token), now);
  if (!link) throw notFound('not-found', 'no such status link (or it has expired at close of day)');
  return link;
}
