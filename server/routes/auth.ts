/** Staff sign-in and sign-out. */
import { Router } from 'express';
import { bearer, type Auth } from '../auth.ts';
import { staffPublic } from '../config.ts';
import { unauthorized } from '../errors.ts';
import type { MinuteLimiter } from '../rate-limit.ts';
import { loginSchema } from '../../shared/schemas.ts';
import { parse, principalOf } from './route.ts';

/** `onLogout` gets the ended session's hash: its live connections are dropped on every process. */
export function authRoutes(auth: Auth, limiter: MinuteLimiter, onLogout: (session: string) => void): Router {
  const r = Router();
  r.post('/auth/login', async (req, res) => {
    await limiter.take(req.ip ?? 'unknown');
    const body = parse(loginSchema, req.body ?? {});
    const { token, staff, expiresAt } = await auth.login(body.staffId, body.pin);
    res.json({ token, staff: staffPublic(staff), expiresAt: new Date(expiresAt).toISOString() });
  });
  r.post('/auth/logout', async (req, res) => {
    const token = bearer(req.get('Authorization'));
    if (token) onLogout(await auth.logout(token));
    res.status(204).end();
  });
  r.get('/auth/me', (_req, res) => {
    const p = principalOf(res);
    if (!p) throw unauthorized();
    res.json(
      p.kind === 'staff'
        ? { kind: 'staff', staff: staffPublic(p.staff) }
        : { kind: 'device', id: p.id, branch: p.branch, role: p.role },
    );
  });
  return r;
}
