/** Staff sign-in and sign-out. */
import { Router } from 'express';
import { bearer, type Auth } from '../auth.ts';
import { staffPublic } from '../config.ts';
import { unauthorized } from '../errors.ts';
import type { MinuteLimiter } from '../rate-limit.ts';
import { api } from '../../shared/api/routes.ts';
import { principalOf, route } from './route.ts';

/** `onLogout` gets the ended session's hash: its live connections are dropped on every process. */
export function authRoutes(auth: Auth, limiter: MinuteLimiter, onLogout: (session: string) => void): Router {
  const r = Router();
  route(r, api.login, async ({ req, body }) => {
    await limiter.take(req.ip ?? 'unknown');
    const b = body();
    const { token, staff, expiresAt } = await auth.login(b.staffId, b.pin);
    return { token, staff: staffPublic(staff), expiresAt: new Date(expiresAt).toISOString() };
  });
  route(r, api.logout, async ({ req }) => {
    const token = bearer(req.get('Authorization'));
    if (token) onLogout(await auth.logout(token));
  });
  route(r, api.me, ({ res }) => {
    const p = principalOf(res);
    if (!p) throw unauthorized();
    return p.kind === 'staff'
      ? { kind: 'staff' as const, staff: staffPublic(p.staff) }
      : { kind: 'device' as const, id: p.id, branch: p.branch, role: p.role };
  });
  return r;
}
