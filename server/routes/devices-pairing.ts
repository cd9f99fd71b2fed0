/**
 * Kiosks and walls paired without typing a token: a manager asks for a one-time six-digit code (and its
 * QR) on the staff console; the device's set-up screen sends the code and receives its own token. The
 * device is made by the same path as a manager's `POST …/devices` (ids, token hash, revocation alike).
 */
import { Router, type Request } from 'express';
import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import { actorOf, authorize } from '../auth.ts';
import type { Config } from '../config.ts';
import { HttpError } from '../errors.ts';
import type { MinuteLimiter } from '../rate-limit.ts';
import type { DeviceStore, PairingCodes, PairingRefusal } from '../store/devices.ts';
import { api } from '../../shared/api/routes.ts';
import { principalOf, route } from './route.ts';

/** Long enough to walk to the device and type six digits; short enough that a code seen over a shoulder dies. */
const PAIRING_TTL_MS = 10 * 60_000;

const REFUSALS: Record<PairingRefusal, HttpError> = {
  unknown: new HttpError(
    404,
    'unknown-pairing-code',
    'no such pairing code: check the six digits, or ask the manager for a new code',
  ),
  expired: new HttpError(
    410,
    'pairing-code-expired',
    'this pairing code has expired (codes last 10 minutes): ask the manager for a new one',
  ),
  used: new HttpError(
    409,
    'pairing-code-used',
    'this pairing code was already used by another device: ask the manager for a new one',
  ),
};

/** The address the device opens to pair: the host this manager reached the server by, which the hall's devices reach too. */
function setupUrl(req: Request, role: 'kiosk' | 'wall', code: string): string {
  const page = role === 'kiosk' ? '/kiosk/' : '/wall/';
  return `${req.protocol}://${req.get('host') ?? 'localhost'}${page}?pair=${code}`;
}

export function pairingRoutes(
  config: Config,
  devices: DeviceStore,
  codes: PairingCodes,
  now: () => number,
  limiter: MinuteLimiter,
): Router {
  const r = Router();

  route(r, api.issuePairing, async ({ req, res, params, body: read }) => {
    const p = authorize(principalOf(res), params.branch, 'manage');
    const body = read();
    const { code, record } = await codes.issue({
      ...body,
      branch: params.branch,
      createdBy: actorOf(p).id,
      now: now(),
      ttlMs: PAIRING_TTL_MS,
    });
    const url = setupUrl(req, body.role, code);
    const qr = await QRCode.toDataURL(url, { margin: 1, width: 240, errorCorrectionLevel: 'M' });
    return {
      id: record.id,
      code,
      expiresAt: new Date(record.expiresAt).toISOString(),
      qr,
      url,
      role: record.role,
      label: record.label,
    };
  });

  // The console asks while it shows a code, so the manager sees the moment the device has paired.
  route(r, api.pairing, async ({ res, params }) => {
    authorize(principalOf(res), params.branch, 'manage');
    const c = await codes.byId(params.id);
    if (!c || c.branch !== params.branch)
      throw new HttpError(404, 'unknown-pairing-code', `no pairing code "${params.id}" in this branch`);
    return {
      id: c.id,
      role: c.role,
      label: c.label,
      expiresAt: new Date(c.expiresAt).toISOString(),
      usedAt: c.usedAt === null ? null : new Date(c.usedAt).toISOString(),
      device: c.deviceId,
    };
  });

  // No sign-in: the device has nothing yet but the code. Guessing is held back per address (the sign-in's limit).
  route(r, api.pair, async ({ req, body }) => {
    await limiter.take(`pair:${req.ip}`);
    const { code } = body();
    const paired = await codes.redeem(code, now(), async (c) => {
      const id = await freeDeviceId(config, devices, c.role);
      const made = await devices.create({
        id,
        branch: c.branch,
        role: c.role,
        ...(c.label ? { label: c.label } : {}),
        createdBy: c.createdBy,
        now: now(),
      });
      return { deviceId: id, result: made };
    });
    if (!paired.ok) throw REFUSALS[paired.why];
    return paired.result;
  });

  return r;
}

/** `kiosk-3f9a1c2e`: the same shape a manager may type for `POST …/devices`, unused in the file and the store. */
async function freeDeviceId(config: Config, devices: DeviceStore, role: 'kiosk' | 'wall'): Promise<string> {
  for (;;) {
    const id = `${role}-${randomBytes(4).toString('hex')}`;
    if (!config.devices.some((d) => d.id === id) && !(await devices.get(id))) return id;
  }
}
