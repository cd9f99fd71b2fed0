/** Managers create and revoke kiosk and wall tokens while the hall runs — no restart. */
import { Router } from 'express';
import { z } from 'zod';
import { actorOf, authorize } from '../auth.ts';
import type { Config } from '../config.ts';
import { conflict, notFound } from '../errors.ts';
import type { DeviceStore } from '../store/devices.ts';
import { parse, principalOf } from './route.ts';

const createSchema = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_.-]+$/, 'must be letters, digits, _ . or -'),
  role: z.enum(['kiosk', 'wall']),
  label: z.string().trim().max(100).optional(),
});

export function deviceRoutes(
  config: Config,
  devices: DeviceStore,
  now: () => number,
  onRevoke: (id: string) => void,
): Router {
  const r = Router();
  r.get('/branches/:branch/devices', async (req, res) => {
    authorize(principalOf(res), req.params.branch, 'manage');
    const configured = config.devices
      .filter((d) => d.branch === req.params.branch)
      .map((d) => ({ id: d.id, branch: d.branch, role: d.role, source: 'config' as const }));
    res.json({
      devices: [
        ...configured,
        ...(await devices.list(req.params.branch)).map((d) => ({ ...d, source: 'managed' as const })),
      ],
    });
  });
  r.post('/branches/:branch/devices', async (req, res) => {
    const p = authorize(principalOf(res), req.params.branch, 'manage');
    const body = parse(createSchema, req.body ?? {});
    // Staff and devices are told apart everywhere (kind-prefixed rooms); one id for both would still confuse people.
    if (config.staffMember(body.id))
      throw conflict('id-in-use', `"${body.id}" is a staff id; give the device another id`);
    if (config.devices.some((d) => d.id === body.id) || (await devices.get(body.id))) {
      throw conflict('device-exists', `a device "${body.id}" already exists`);
    }
    const made = await devices.create({ ...body, branch: req.params.branch, createdBy: actorOf(p).id, now: now() });
    res.status(201).json(made);
  });
  r.post('/branches/:branch/devices/:id/revoke', async (req, res) => {
    const p = authorize(principalOf(res), req.params.branch, 'manage');
    if (config.devices.some((d) => d.id === req.params.id && d.branch === req.params.branch)) {
      throw conflict('configured-device', 'this device is in the configuration file; remove it there');
    }
    const d = await devices.get(req.params.id);
    if (!d || d.branch !== req.params.branch)
      throw notFound('unknown-device', `no device "${req.params.id}" in this branch`);
    if (!(await devices.revoke(d.id, actorOf(p).id, now())))
      throw conflict('already-revoked', `device "${d.id}" was already revoked`);
    onRevoke(d.id);
    res.json({ device: await devices.get(d.id) });
  });
  return r;
}
