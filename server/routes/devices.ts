/** Managers create and revoke kiosk and wall tokens while the hall runs — no restart. */
import { Router } from 'express';
import { actorOf, authorize } from '../auth.ts';
import type { Config } from '../config.ts';
import { conflict, notFound } from '../errors.ts';
import type { DeviceStore } from '../store/devices.ts';
import { api } from '../../shared/api/routes.ts';
import { principalOf, route } from './route.ts';

export function deviceRoutes(
  config: Config,
  devices: DeviceStore,
  now: () => number,
  onRevoke: (id: string) => void,
): Router {
  const r = Router();
  route(r, api.devices, async ({ res, params }) => {
    authorize(principalOf(res), params.branch, 'manage');
    const configured = config.devices
      .filter((d) => d.branch === params.branch)
      .map((d) => ({ id: d.id, branch: d.branch, role: d.role, source: 'config' as const }));
    return {
      devices: [
        ...configured,
        ...(await devices.list(params.branch)).map((d) => ({ ...d, source: 'managed' as const })),
      ],
    };
  });
  route(r, api.createDevice, async ({ res, params, body: read }) => {
    const p = authorize(principalOf(res), params.branch, 'manage');
    const body = read();
    // Staff and devices are told apart everywhere (kind-prefixed rooms); one id for both would still confuse people.
    if (config.staffMember(body.id))
      throw conflict('id-in-use', `"${body.id}" is a staff id; give the device another id`);
    if (config.devices.some((d) => d.id === body.id) || (await devices.get(body.id))) {
      throw conflict('device-exists', `a device "${body.id}" already exists`);
    }
    return await devices.create({ ...body, branch: params.branch, createdBy: actorOf(p).id, now: now() });
  });
  route(r, api.revokeDevice, async ({ res, params }) => {
    const p = authorize(principalOf(res), params.branch, 'manage');
    if (config.devices.some((d) => d.id === params.id && d.branch === params.branch)) {
      throw conflict('configured-device', 'this device is in the configuration file; remove it there');
    }
    const d = await devices.get(params.id);
    if (!d || d.branch !== params.branch) throw notFound('unknown-device', `no device "${params.id}" in this branch`);
    if (!(await devices.revoke(d.id, actorOf(p).id, now())))
      throw conflict('already-revoked', `device "${d.id}" was already revoked`);
    onRevoke(d.id);
    return { device: (await devices.get(d.id))! };
  });
  return r;
}
