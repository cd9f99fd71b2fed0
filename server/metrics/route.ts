/**
 * GET /metrics: the Prometheus text of the app's registry. It lives beside the REST API, not in it — the
 * path is Prometheus's convention, the reply is its text format rather than JSON, and a scraper is
 * neither a device nor a staff member — so it is not in the contract (shared/api/) nor in the OpenAPI
 * document. With `metrics.token` set it asks for that bearer token; without, it is open (behind the
 * hall's network or a proxy, as the operator chooses).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { bearer } from '../auth.ts';
import { unauthorized } from '../errors.ts';
import type { Metrics } from '../metrics.ts';

/** Equal without telling by its timing how much of the guess was right, nor how long the token is. */
function sameToken(given: string, wanted: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(wanted));
}

/** The handler; `token` is read at each scrape, so a reloaded configuration applies at once. */
export function metricsRoute(metrics: Metrics, token: () => string | undefined): RequestHandler {
  return async (req, res, next) => {
    res.set('Cache-Control', 'no-store');
    const wanted = token();
    if (wanted !== undefined) {
      const given = bearer(req.get('Authorization'));
      const refusal =
        given === undefined
          ? 'the metrics need the bearer token set as metrics.token (Authorization: Bearer …)'
          : sameToken(given, wanted)
            ? undefined
            : 'this bearer token is not the configured metrics.token';
      if (refusal) {
        res.set('WWW-Authenticate', 'Bearer realm="metrics"');
        return next(unauthorized(refusal));
      }
    }
    res.type(metrics.registry.contentType).send(await metrics.text());
  };
}
